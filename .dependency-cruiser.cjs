/**
 * The import rules of src/, checked by `npm run lint:deps` and by
 * test/layers.test.ts (so `npm test`, and with it CI, fails on a violation).
 *
 * Layers point down. A module may import its own layer and the layers below
 * it, never a layer above:
 *
 *   0  src/util, src/hosts, src/errors.ts       helpers with no knowledge of breakfix's data
 *   1  src/db, src/config, src/workspace*.ts     the database, the config, the workspace's paths and directories
 *   2  src/sources                               parsers and loaders
 *   3  src/views, src/policy, src/invariants     views; pure planning and its checks
 *   4  src/export                                view files and the manifest
 *   5  src/act                                   journal, plan files, running an action
 *   6  src/pass                                  the steps of a pass
 *   7  src/report                                the day's report: reads what passes wrote
 *   8  src/ops                                   one operation per command, the lock frame
 *   9  src/cli, src/demo                         the programs
 *
 * src/report sits between pass and ops: it reads pass summaries, plan files
 * and the journal (pass, act) and is built by ops (`breakfix report`, and
 * after a pass that changed something).
 *
 * Within a layer no folder imports a folder that imports it back (the
 * no-folder-cycles rule, which holds across all of src).
 *
 * Apart: src/sim (the fleet simulator) and src/hostfile (breakfix-exclude)
 * are programs of their own; they may use layer 0 (src/hostfile also the
 * text-table codec in src/util), and nothing in the layers may import them.
 */

const layers = [
  ["^src/(util|hosts)/", "^src/errors[.]ts$"],
  ["^src/(db|config)/", "^src/workspace(-dirs|-lock)?[.]ts$"],
  ["^src/sources/"],
  ["^src/(views|policy|invariants)/"],
  ["^src/export/"],
  ["^src/act/"],
  ["^src/pass/"],
  ["^src/report/"],
  ["^src/ops/"],
  ["^src/(cli|demo)/"],
];
const layerNames = [
  "util/hosts/errors",
  "db/config/workspace",
  "sources",
  "views/policy/invariants",
  "export",
  "act",
  "pass",
  "report",
  "ops",
  "cli/demo",
];

const layerRules = layers.slice(0, -1).map((paths, index) => ({
  name: `layer-${index}-${layerNames[index].replaceAll("/", "-")}-imports-up`,
  comment: `${layerNames[index]} may import only ${layerNames.slice(0, index + 1).join(", ")}`,
  severity: "error",
  from: { path: paths },
  to: { path: layers.slice(index + 1).flat() },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: "programs-apart",
      comment: "src/sim and src/hostfile are programs of their own: nothing in the layers imports them",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/(sim|hostfile)/" },
      to: { path: "^src/(sim|hostfile)/" },
    },
    {
      name: "sim-apart",
      comment: "src/sim stands apart: it may use only layer 0",
      severity: "error",
      from: { path: "^src/sim/" },
      to: { path: "^src/", pathNot: ["^src/sim/", ...layers[0]] },
    },
    {
      name: "hostfile-apart",
      comment: "src/hostfile (breakfix-exclude) may use only layer 0",
      severity: "error",
      from: { path: "^src/hostfile/" },
      to: { path: "^src/", pathNot: ["^src/hostfile/", ...layers[0]] },
    },
    {
      name: "in-a-layer",
      comment: "every module of src/ is in a layer or one of the programs apart: a new folder gets its place above",
      severity: "error",
      from: { path: "^src/", pathNot: [...layers.flat(), "^src/(sim|hostfile)/"] },
      to: {},
    },
    {
      name: "no-folder-cycles",
      comment: "no folder imports a folder that imports it back",
      severity: "error",
      scope: "folder",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "not-to-unresolvable",
      comment: "an import that does not resolve is a broken build",
      severity: "error",
      from: { path: "^src/" },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    includeOnly: "^src/",
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
