// Issue 14, part 3: the CLI's end-to-end job (Thredfi NDJSON -> unified Refund NDJSON) written
// by hand in Node, as a user would: JSON.parse, a hand-written mapping, ajv (draft 2020-12, with
// formats) against the schema `unified-accounting schema apideck-refund` prints, JSON.stringify.
//
//   node peer.js SCHEMA.json INPUT.ndjson --business-id UUID [--check N CLI_OUTPUT.ndjson]
//
// Writes one result line per record to standard output, shaped like the CLI's envelope
// (`{"index":0,"line":1,"ok":true,"output":{...}}`, or `"ok":false` with an `error`), without
// the CLI's `warnings`. With --check N, maps the first N records and compares each output with
// the CLI's `output` field (parsed with numbers kept as their text), printing a summary.
// Not part of CI (benches/compare/peers.sh).
"use strict";
const fs = require("fs");
const readline = require("readline");
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");

// ---- arguments -------------------------------------------------------------------------------
const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  args.splice(at, 2);
  return value;
};
const businessId = option("--business-id");
const checkCount = option("--check");
const [schemaPath, inputPath, cliOutputPath] = args;
if (!schemaPath || !inputPath || (checkCount !== undefined && !cliOutputPath)) {
  console.error("usage: node peer.js SCHEMA.json INPUT.ndjson [--business-id UUID] " +
    "[--check N CLI_OUTPUT.ndjson]");
  process.exit(2);
}

const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
const ajv = new Ajv2020({ allErrors: false, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);
// Apideck's currency codes, to tell whether a code Thredfi does not list can be passed on.
const apideckCurrencies = new Set(findEnum(schema, "currency") || []);

function findEnum(node, key) {
  if (node === null || typeof node !== "object") return undefined;
  if (node.properties && node.properties[key]) {
    let property = node.properties[key];
    if (property.$ref) property = resolve(property.$ref);
    const found = collectEnum(property);
    if (found) return found;
  }
  for (const value of Object.values(node)) {
    const found = findEnum(value, key);
    if (found) return found;
  }
  return undefined;
}
function resolve(ref) {
  return ref.replace(/^#\//, "").split("/").reduce((node, part) => node && node[part], schema);
}
function collectEnum(node) {
  if (!node || typeof node !== "object") return undefined;
  if (Array.isArray(node.enum)) return node.enum.filter((value) => value !== null);
  if (node.$ref) return collectEnum(resolve(node.$ref));
  for (const key of ["anyOf", "oneOf", "allOf"]) {
    for (const branch of node[key] || []) {
      const found = collectEnum(branch);
      if (found) return found;
    }
  }
  return undefined;
}

// ---- exact numbers -----------------------------------------------------------------------------
// JSON.parse turns every number into a double: cents above 2^53 (the fixtures hold i64::MAX) would
// change, and `184.50` would be written `184.5`. So numbers that must keep their text travel as a
// marked string ("\u0000" + text) and the marks are taken off the JSON text after stringify.
const MARK = "\u0000";
const UNMARK = /"\\u0000(-?[0-9][0-9.eE+-]*)"/g;
// Numbers JSON.parse would change are marked before parsing: integers above 2^53 and numbers
// whose text is not what JavaScript writes back (`1.0`, `250.0`, `1e5`, 17 significant digits,
// `0.0000001`; the CLI keeps metadata numbers digit for digit). The scan only runs on a line
// that may hold one (a cheap test that may also hit text inside strings: then the scan finds
// nothing to mark); strings are matched first, so digits inside them stay.
const MAY_CHANGE = new RegExp([
  "[0-9.]{16}", // 16 digits or more (also inside strings: harmless)
  "\\.[0-9]*0[\\s,}\\]]", // a fraction ending in 0
  "[^\"0-9a-zA-Z_-][-0-9.]*[0-9][eE][-+0-9]", // an exponent
  "\\.000000", // below 1e-6 (JavaScript writes those with an exponent)
  "-0[\\s,}\\].]", // minus zero
].join("|"));
const TOKENS = /("(?:[^"\\]|\\.)*")|(-?[0-9][0-9.eE+-]*)/g;

function parseRecord(line) {
  if (!MAY_CHANGE.test(line)) return JSON.parse(line);
  const marked = line.replace(TOKENS, (match, string, number) => {
    if (string !== undefined) return string;
    return String(Number(number)) === number ? number : `"\\u0000${number}"`;
  });
  return JSON.parse(marked);
}

/** Cents (a number, or a marked string for an integer above 2^53) -> decimal text, 2 places. */
function centsToDecimal(cents) {
  let digits;
  if (typeof cents === "string" && /^\u0000-?[0-9]+$/.test(cents)) digits = cents.slice(1);
  else if (Number.isSafeInteger(cents)) digits = String(cents);
  else throw new Error(`not an integer amount of cents: ${JSON.stringify(cents)}`);
  const negative = digits.startsWith("-");
  if (negative) digits = digits.slice(1);
  digits = digits.padStart(3, "0");
  return `${negative ? "-" : ""}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

// ---- the mapping (README, "Mapping tables") ----------------------------------------------------
const THREDFI_CURRENCIES = new Set(["EUR", "GBP", "USD", "SEK", "NOK", "DKK", "ISK", "MYR", "SGD"]);
const CUSTOMER_STATUS = {
  pending: "authorised", processing: "authorised", paid: "paid",
  failed: "voided", cancelled: "voided",
};
const VENDOR_STATUS = {
  pending: "authorised", partially_allocated: "authorised", allocated: "posted",
  completed: "paid", cancelled: "voided",
};
const CUSTOMER_ALLOCATION_TYPE = {
  invoice: "invoice", line_item: "invoice", credit: "credit_memo", payment: "other",
};
const CUSTOMER_KEYS = new Set(["id", "external_id", "refunded_amount", "status", "completed_at",
  "is_dedicated", "memo", "reference_number", "metadata", "customer_id", "customer_name",
  "allocations", "refund_payments", "document", "currency", "created_at", "updated_at"]);
const CUSTOMER_ALLOCATION_KEYS = new Set(["id", "allocation_type", "amount", "invoice_id",
  "invoice_number", "invoice_outstanding_balance_cents", "target_description", "description",
  "allocation_date"]);
const VENDOR_KEYS = new Set(["id", "vendor_id", "vendor_name", "external_id", "refund_type",
  "reference_number", "refund_date", "expected_completion_date", "total_refunded_amount",
  "allocated_amount", "unallocated_amount", "currency", "status", "description", "memo", "reason",
  "metadata", "allocations", "vendor_refund_payments", "document", "created_at", "updated_at"]);
const VENDOR_ALLOCATION_KEYS = new Set(["id", "allocation_type", "amount", "bill_id",
  "bill_number", "bill_outstanding_balance_cents", "bill_payment_id", "allocation_date",
  "description", "metadata", "created_at", "updated_at", "target_description"]);

const has = (object, key) => Object.prototype.hasOwnProperty.call(object, key);
const orNull = (value) => (value === undefined ? null : value);
/** Copies `key` when the record has it (null stays null, absent stays absent). */
function copy(to, toKey, from, fromKey = toKey) {
  if (has(from, fromKey)) to[toKey] = from[fromKey];
}
function extraFields(record, known) {
  let extra;
  for (const key of Object.keys(record)) {
    if (!known.has(key)) (extra ||= {})[key] = record[key];
  }
  return extra;
}

/** Currency: Thredfi's nine pass; another code passes when Apideck knows it, else is carried. */
function mapCurrency(record, out, carried) {
  if (!has(record, "currency")) return;
  const code = record.currency;
  if (code === null || THREDFI_CURRENCIES.has(code) || apideckCurrencies.has(code)) {
    out.currency = code;
  } else {
    carried.thredfi_currency = code;
  }
}

/** The one method of every payment that names one; null when they differ; absent when none. */
function paymentMethod(payments, key) {
  let chosen;
  for (const payment of payments || []) {
    const method = payment[key];
    if (method === undefined || method === null) continue;
    if (chosen === undefined) chosen = method;
    else if (method !== chosen) return null;
  }
  return chosen === undefined ? undefined : chosen.toLowerCase();
}

function money(cents, amounts) {
  if (cents === null || cents === undefined) return null;
  const text = centsToDecimal(cents);
  amounts.push(text);
  return Number(text);
}

function customerRefundToUnified(record, amounts) {
  const out = { id: record.id };
  copy(out, "number", record, "reference_number");
  const carried = { thredfi_resource: "customer_refund" };
  copy(carried, "thredfi_status", record, "status");
  if (record.customer_id !== null && record.customer_id !== undefined) {
    out.customer = { id: record.customer_id, display_name: orNull(record.customer_name) };
  }
  if (businessId !== undefined) out.company_id = businessId;
  mapCurrency(record, out, carried);
  out.total_amount = money(record.refunded_amount, amounts);
  copy(out, "refund_date", record, "completed_at");
  const status = CUSTOMER_STATUS[record.status];
  if (status) out.status = status;
  out.type = "cash_refund";
  const method = paymentMethod(record.refund_payments, "method");
  if (method !== undefined) out.payment_method = method;

  if (record.customer_id === null || record.customer_id === undefined) {
    carried.customer_name = orNull(record.customer_name);
  }
  copy(carried, "external_id", record);
  copy(carried, "is_dedicated", record);
  copy(carried, "metadata", record);
  carried.document = orNull(record.document);
  carried.refund_payments = orNull(record.refund_payments);
  if (Array.isArray(record.allocations)) {
    out.allocations = [];
    carried.allocations = [];
    for (const allocation of record.allocations) {
      const unified = {};
      if (allocation.invoice_id != null) unified.id = allocation.invoice_id;
      const type = CUSTOMER_ALLOCATION_TYPE[allocation.allocation_type];
      if (type) unified.type = type;
      if (allocation.invoice_number != null) unified.code = allocation.invoice_number;
      unified.amount = money(allocation.amount, amounts);
      if (allocation.id != null) unified.allocation_id = allocation.id;
      out.allocations.push(unified);

      const kept = extraFields(allocation, CUSTOMER_ALLOCATION_KEYS) || {};
      for (const key of ["id", "amount", "invoice_id", "invoice_number"]) {
        if (allocation[key] === null) kept[key] = null;
      }
      kept.allocation_type = orNull(allocation.allocation_type);
      kept.invoice_outstanding_balance_cents = orNull(allocation.invoice_outstanding_balance_cents);
      kept.target_description = orNull(allocation.target_description);
      copy(kept, "description", allocation);
      copy(kept, "allocation_date", allocation);
      carried.allocations.push(kept);
    }
  } else {
    carried.allocations = null;
  }
  const extra = extraFields(record, CUSTOMER_KEYS);
  if (extra) carried.extra_fields = extra;
  copy(out, "note", record, "memo");
  out.custom_mappings = carried;
  out.created_at = orNull(record.created_at);
  out.updated_at = orNull(record.updated_at);
  return out;
}

function vendorRefundToUnified(record, amounts) {
  const out = { id: record.id };
  copy(out, "number", record, "reference_number");
  const carried = { thredfi_resource: "vendor_refund" };
  copy(carried, "thredfi_status", record, "status");
  if (businessId !== undefined) out.company_id = businessId;
  mapCurrency(record, out, carried);
  out.total_amount = money(record.total_refunded_amount, amounts);
  if (has(record, "refund_date")) {
    out.refund_date = record.refund_date === null ? null : `${record.refund_date}T00:00:00Z`;
  }
  const status = VENDOR_STATUS[record.status];
  if (status) out.status = status;
  out.type = "cash_refund";
  const method = paymentMethod(record.vendor_refund_payments, "payment_method");
  if (method !== undefined) out.payment_method = method;

  carried.vendor_id = orNull(record.vendor_id);
  carried.vendor_name = orNull(record.vendor_name);
  for (const key of ["external_id", "refund_type", "memo", "reason", "metadata",
    "expected_completion_date"]) {
    copy(carried, key, record);
  }
  carried.allocated_amount = orNull(record.allocated_amount);
  carried.unallocated_amount = orNull(record.unallocated_amount);
  carried.document = orNull(record.document);
  carried.vendor_refund_payments = orNull(record.vendor_refund_payments);
  if (Array.isArray(record.allocations)) {
    out.allocations = [];
    carried.allocations = [];
    for (const allocation of record.allocations) {
      const unified = {};
      const type = allocation.allocation_type;
      const bill = type === "bill";
      const billPayment = type === "payment";
      if (bill) {
        if (allocation.bill_id != null) unified.id = allocation.bill_id;
        unified.type = "bill";
        if (allocation.bill_number != null) unified.code = allocation.bill_number;
      } else if (billPayment) {
        if (allocation.bill_payment_id != null) unified.id = allocation.bill_payment_id;
        unified.type = "other";
      } else if (type === "credit") {
        unified.type = "credit_memo";
      }
      unified.amount = money(allocation.amount, amounts);
      if (allocation.id != null) unified.allocation_id = allocation.id;
      out.allocations.push(unified);

      const kept = extraFields(allocation, VENDOR_ALLOCATION_KEYS) || {};
      // A target the unified allocation holds carries only its null; any other is carried.
      const target = (key, held) => {
        if (!held) kept[key] = orNull(allocation[key]);
        else if (allocation[key] === null) kept[key] = null;
      };
      target("bill_id", bill);
      target("bill_number", bill);
      target("bill_payment_id", billPayment);
      if (allocation.id === null) kept.id = null;
      if (allocation.amount === null) kept.amount = null;
      copy(kept, "allocation_type", allocation);
      kept.bill_outstanding_balance_cents = orNull(allocation.bill_outstanding_balance_cents);
      kept.target_description = orNull(allocation.target_description);
      copy(kept, "allocation_date", allocation);
      copy(kept, "description", allocation);
      copy(kept, "metadata", allocation);
      kept.created_at = orNull(allocation.created_at);
      kept.updated_at = orNull(allocation.updated_at);
      carried.allocations.push(kept);
    }
  } else {
    carried.allocations = null;
  }
  const extra = extraFields(record, VENDOR_KEYS);
  if (extra) carried.extra_fields = extra;
  copy(out, "note", record, "description");
  out.custom_mappings = carried;
  out.created_at = orNull(record.created_at);
  out.updated_at = orNull(record.updated_at);
  return out;
}

/** One input line -> one result line (JSON text). */
function processLine(line, index) {
  const head = `{"index":${index},"line":${index + 1}`;
  let unified;
  const amounts = [];
  try {
    const record = parseRecord(line);
    if (record === null || typeof record !== "object" || Array.isArray(record)) {
      throw new Error("a record is a JSON object");
    }
    if (has(record, "vendor_id")) unified = vendorRefundToUnified(record, amounts);
    else if (has(record, "customer_id")) unified = customerRefundToUnified(record, amounts);
    else throw new Error("neither customer_id nor vendor_id: not a Thredfi refund");
  } catch (error) {
    return `${head},"ok":false,"error":${JSON.stringify({ message: error.message })}}`;
  }
  if (!validate(unified)) {
    return `${head},"ok":false,"error":${JSON.stringify({ message: "invalid output",
      errors: validate.errors })}}`;
  }
  // Validated with numbers; written with the amounts' own text (`184.50`, not `184.5`).
  let next = 0;
  if (unified.total_amount !== null) unified.total_amount = MARK + amounts[next++];
  for (const allocation of unified.allocations || []) {
    if (allocation.amount !== null) allocation.amount = MARK + amounts[next++];
  }
  return `${head},"ok":true,"output":${JSON.stringify(unified).replace(UNMARK, "$1")}}`;
}

// ---- check mode: compare with the CLI's outputs, numbers compared as their text ----------------
/** Parses JSON keeping every number as its text (canonical for the comparison). */
function parseExact(text) {
  const marked = text.replace(/("(?:[^"\\]|\\.)*")|(-?[0-9][0-9.eE+-]*)/g,
    (match, string, number) => (string !== undefined ? string : `"\\u0000${number}"`));
  return JSON.parse(marked);
}
function differences(left, right, path, found) {
  if (found.length >= 5) return found;
  const kind = (value) => (value === null ? "null" : Array.isArray(value) ? "array" : typeof value);
  if (kind(left) !== kind(right)) {
    found.push(`${path || "/"}: peer ${JSON.stringify(left)} vs CLI ${JSON.stringify(right)}`);
  } else if (kind(left) === "array") {
    if (left.length !== right.length) found.push(`${path}: ${left.length} vs ${right.length} items`);
    else left.forEach((value, at) => differences(value, right[at], `${path}/${at}`, found));
  } else if (kind(left) === "object") {
    for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
      if (!has(left, key)) found.push(`${path}/${key}: absent in the peer's output`);
      else if (!has(right, key)) found.push(`${path}/${key}: absent in the CLI's output`);
      else differences(left[key], right[key], `${path}/${key}`, found);
    }
  } else if (left !== right) {
    const show = (value) => JSON.stringify(value).replace(/"\\u0000([^"]*)"/g, "$1");
    found.push(`${path || "/"}: peer ${show(left)} vs CLI ${show(right)}`);
  }
  return found;
}

async function* lines(path) {
  const input = readline.createInterface({
    input: fs.createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 }),
    crlfDelay: Infinity,
  });
  for await (const line of input) yield line;
}

async function check(limit) {
  const cliLines = fs.readFileSync(cliOutputPath, "utf8").split("\n").filter((line) => line);
  let index = 0;
  let same = 0;
  let differing = 0;
  for await (const line of lines(inputPath)) {
    if (index >= limit) break;
    const oursText = processLine(line, index);
    const theirsText = cliLines[index];
    if (theirsText === undefined) break;
    const ours = JSON.parse(oursText);
    const theirs = JSON.parse(theirsText);
    let found = [];
    if (ours.index !== theirs.index || ours.line !== theirs.line) {
      found.push(`index/line: peer ${ours.index}/${ours.line} vs CLI ${theirs.index}/${theirs.line}`);
    } else if (ours.ok !== theirs.ok) {
      found.push(`ok: peer ${ours.ok} vs CLI ${theirs.ok}`);
      if (!ours.ok) found.push(JSON.stringify(ours.error));
    } else if (ours.ok) {
      // The outputs, with every number as its exact text (184.50 is not 184.5 here).
      const peerOutput = parseExact(outputText(oursText));
      const cliOutput = parseExact(outputText(theirsText));
      found = differences(peerOutput, cliOutput, "", []);
    }
    if (found.length === 0) same++;
    else {
      differing++;
      if (differing <= 5) console.error(`record ${index}:\n  ${found.join("\n  ")}`);
    }
    index++;
  }
  console.log(JSON.stringify({ peer: "node", checked: index, same, differing }));
  if (differing > 0 || index < limit) process.exitCode = 1;
}
/** The `output` member of an envelope, as JSON text. */
function outputText(envelope) {
  const at = envelope.indexOf('"output":');
  if (at < 0) throw new Error("no output in the envelope");
  return sliceValue(envelope, at + '"output":'.length);
}
function sliceValue(text, start) {
  let depth = 0;
  let inString = false;
  for (let at = start; at < text.length; at++) {
    const c = text[at];
    if (inString) {
      if (c === "\\") at++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return text.slice(start, at + 1);
    }
  }
  throw new Error("unterminated value");
}

async function run() {
  const chunks = [];
  let size = 0;
  let index = 0;
  for await (const line of lines(inputPath)) {
    if (line.length === 0) {
      index++;
      continue;
    }
    const result = processLine(line, index++);
    chunks.push(result);
    size += result.length;
    if (size > 1 << 20) {
      chunks.push("");
      if (!process.stdout.write(chunks.join("\n"))) {
        await new Promise((resolve) => process.stdout.once("drain", resolve));
      }
      chunks.length = 0;
      size = 0;
    }
  }
  if (chunks.length > 0) {
    chunks.push("");
    process.stdout.write(chunks.join("\n"));
  }
}

(checkCount !== undefined ? check(Number(checkCount)) : run()).catch((error) => {
  console.error(error);
  process.exit(1);
});
