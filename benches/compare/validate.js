// Node side of compare.sh: ajv (draft 2020-12, formats asserted) on the same unified documents.
// usage: node validate.js SCHEMA.json UNIFIED.ndjson [ROUNDS]  -> one JSON line
"use strict";
const fs = require("fs");
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");

const [schemaPath, docsPath, roundsArg] = process.argv.slice(2);
const rounds = Number(roundsArg || 5);
const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
const ajv = new Ajv2020({ allErrors: false, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

const lines = fs.readFileSync(docsPath, "utf8").split("\n").filter((line) => line.length > 0);
const documents = lines.map((line) => JSON.parse(line));
const seconds = (start) => Number(process.hrtime.bigint() - start) / 1e9;

let bestValidate = Infinity;
let valid = 0;
for (let round = 0; round < rounds; round++) {
  const start = process.hrtime.bigint();
  valid = 0;
  for (const document of documents) if (validate(document)) valid++;
  bestValidate = Math.min(bestValidate, seconds(start));
}

let bestPipeline = Infinity;
let sink = 0;
for (let round = 0; round < rounds; round++) {
  const start = process.hrtime.bigint();
  for (const line of lines) {
    const document = JSON.parse(line);
    if (validate(document)) sink += JSON.stringify(document).length;
  }
  bestPipeline = Math.min(bestPipeline, seconds(start));
}

console.log(JSON.stringify({
  validator: `ajv ${require("ajv/package.json").version} + ajv-formats (Node ${process.version})`,
  documents: documents.length,
  valid,
  validate_per_s: documents.length / bestValidate,
  parse_validate_write_per_s: documents.length / bestPipeline,
  written_chars: sink,
}));
