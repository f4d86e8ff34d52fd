// Peer measurement: trains nlp.js (node-nlp) on TRAIN.jsonl and reports intent
// and joint (intent, verdict) accuracy on TEST.jsonl, per language, in the
// same shape as `mspbot eval`.
//
//   npm install && node measure.js ../../../shared/eval/dev.jsonl ../../testdata/unseen.jsonl
const fs = require("fs");
const { NlpManager } = require("node-nlp");

function read(path) {
  return fs.readFileSync(path, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
}
const label = (s) => (s.verdict ? `${s.intent}/${s.verdict}` : s.intent);

(async () => {
  const [trainPath, testPath] = process.argv.slice(2);
  if (!trainPath || !testPath) {
    console.error("usage: node measure.js TRAIN.jsonl TEST.jsonl");
    process.exit(2);
  }
  const manager = new NlpManager({ languages: ["de", "en"], forceNER: false, nlu: { log: false } });
  for (const s of read(trainPath)) manager.addDocument(s.lang, s.text, label(s));
  await manager.train();
  const score = {};
  for (const s of read(testPath)) {
    const r = await manager.process(s.lang, s.text);
    const got = r.intent === "None" ? "out_of_scope" : r.intent;
    const [gotIntent] = got.split("/");
    for (const k of [s.lang, "overall"]) {
      score[k] = score[k] || { n: 0, intent: 0, joint: 0 };
      score[k].n++;
      if (gotIntent === s.intent) score[k].intent++;
      if (got === label(s)) score[k].joint++;
    }
  }
  for (const k of Object.keys(score).sort()) {
    const s = score[k];
    console.log(`${k.padEnd(8)} n=${String(s.n).padEnd(4)} intent ${(100 * s.intent / s.n).toFixed(1).padStart(5)}%  intent+verdict ${(100 * s.joint / s.n).toFixed(1).padStart(5)}%`);
  }
})();
