import { planAction, type ActionPlan, type OutHost, type PlanInput } from './plan-action.js';

/**
 * Plan actions in config order, sharing each cluster's budget (docs/design.md#out-and-headroom): a host picked by an earlier action counts as out (`planned`, in
 * the cluster it was picked in) for every later one, so a later action's
 * headroom is what the earlier ones left.
 */
export function planPass(inputs: readonly PlanInput[]): ActionPlan[] {
  const plannedEarlier: OutHost[] = [];
  const plans: ActionPlan[] = [];
  for (const input of inputs) {
    const plan = planAction(plannedEarlier.length === 0 ? input : { ...input, out: [...input.out, ...plannedEarlier] });
    plans.push(plan);
    for (const h of plan.picked) {
      // Every pick has a cluster: candidates without one are never planned.
      if (h.cluster === null) continue;
      plannedEarlier.push({ hostname: h.hostname, cluster: h.cluster, group: h.group, why: 'planned', detail: `planned by ${plan.action} this pass` });
    }
  }
  return plans;
}
