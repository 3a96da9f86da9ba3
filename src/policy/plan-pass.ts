import { planAction, type ActionPlan, type OutHost, type PlanInput } from './plan-action.js';

/**
 * Plan actions in config order, sharing each cluster's budget: a host picked
 * by an earlier action counts as out (`planned`) for every later one.
 */
export function planPass(inputs: readonly PlanInput[]): ActionPlan[] {
  const plannedEarlier: OutHost[] = [];
  const plans: ActionPlan[] = [];
  for (const input of inputs) {
    const plan = planAction({ ...input, out: [...input.out, ...plannedEarlier] });
    plans.push(plan);
    for (const h of plan.picked) {
      plannedEarlier.push({ hostname: h.hostname, cluster: h.cluster!, group: h.group, why: 'planned', detail: `planned by ${plan.action} this pass` });
    }
  }
  return plans;
}
