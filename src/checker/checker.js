"use strict";
// The checker's script. Every verdict is the kernel's (the WebAssembly module below); every word
// is the notification's (DATA.words, written by `svf checker` from svf's wording). This script
// only builds the report from the form, asks the kernel, and lays out the answer as the
// notification's lines. It reads no number itself: counts and kronor go through the kernel
// (svf_whole, svf_kronor), which gives their digits, so that no öre is ever computed here.

const DATA = JSON.parse(document.getElementById("svf-data").textContent);
const WORDS = DATA.words;

// ---- The kernel --------------------------------------------------------------------------

const kernel = (() => {
  const text = document.getElementById("svf-kernel").textContent.trim();
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const module = new WebAssembly.Module(bytes);
  return new WebAssembly.Instance(module, {}).exports;
})();

const REFUSALS = {
  "-1": "the report or the receipt time is larger than the kernel reads",
  "-2": "the receipt time is not RFC 3339 (2024-09-27T08:00:00Z)",
  "-3": "the assessment did not fit its buffer",
};

/** What a value is, for an error message: `a number`, `an object`, `null`, `undefined`. */
function kindOf(value) {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  const type = typeof value;
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** The report's bytes: a string's UTF-8, or the bytes of an ArrayBuffer or a typed array (a
 * Uint8Array, as a file reads). Anything else is refused at once: an object such as
 * `{length: 3e9}` would otherwise be taken for an array of three billion bytes and freeze the
 * page while it is made. */
function reportBytes(report) {
  if (typeof report === "string") return new TextEncoder().encode(report);
  if (report instanceof ArrayBuffer) return new Uint8Array(report);
  if (ArrayBuffer.isView(report)) return new Uint8Array(report.buffer, report.byteOffset, report.byteLength);
  throw new TypeError(`svfAssess: the report must be text (a string) or bytes (a Uint8Array or an ArrayBuffer), not ${kindOf(report)}`);
}

/** The assessment of a report (text or bytes) received at `received` (RFC 3339), as the JSON
 * text `svf assess REPORT --received INSTANT` prints the value of. Throws when svf assess would
 * refuse to assess: a receipt time that is not RFC 3339; and at once, before anything is read,
 * for a report that is neither text nor bytes or a receipt time that is not text. */
function svfAssess(report, received) {
  if (typeof received !== "string") {
    throw new TypeError(`svfAssess: the receipt time must be text (RFC 3339, 2024-09-27T08:00:00Z), not ${kindOf(received)}`);
  }
  let bytes = reportBytes(report);
  const time = new TextEncoder().encode(received);
  // Of a report larger than the kernel reads, as much as svf assess reads: the kernel then
  // rejects it as too large in its own words.
  bytes = bytes.subarray(0, kernel.svf_report_capacity());
  if (time.length > kernel.svf_received_capacity()) throw new Error(REFUSALS["-2"]);
  new Uint8Array(kernel.memory.buffer, kernel.svf_report_buffer(), bytes.length).set(bytes);
  new Uint8Array(kernel.memory.buffer, kernel.svf_received_buffer(), time.length).set(time);
  const length = kernel.svf_assess(bytes.length, time.length);
  if (length < 0) throw new Error(REFUSALS[String(length)] || `the kernel refused (${length})`);
  return new TextDecoder().decode(new Uint8Array(kernel.memory.buffer, kernel.svf_output(), length));
}
window.svfAssess = svfAssess;
/** The report the chosen form describes now, as its download writes it (for scripts and tests). */
window.svfCheckerReport = () => (kind() === "rcc" ? rccText() : regionText());

/** The kernel's reasons for refusing a typed number, by its code (`kernel/wasm`'s `Refusal`). */
const NUMBER_REFUSALS = {
  "-1": "too_large", "-10": "empty", "-11": "negative", "-12": "not_a_digit", "-13": "grouping",
  "-14": "decimals", "-15": "too_large", "-16": "not_text",
};

/**
 * A number typed by a person, read by the kernel's export `name` (`svf_kronor`, `svf_whole`,
 * `svf_kronor_text`): `{ text }`, what the kernel wrote (the digits, or kronor as svf writes
 * them), or `{ refusal, c }`, why not (a key of the words' `number`) and the character that is
 * not a digit.
 */
function kernelNumber(name, typed, ...args) {
  const bytes = new TextEncoder().encode(typed);
  if (bytes.length > kernel.svf_report_capacity()) return { refusal: "too_large", c: "" };
  new Uint8Array(kernel.memory.buffer, kernel.svf_report_buffer(), bytes.length).set(bytes);
  const length = kernel[name](bytes.length, ...args);
  const output = (n) => new TextDecoder().decode(new Uint8Array(kernel.memory.buffer, kernel.svf_output(), n));
  if (length >= 0) return { text: output(length) };
  const refusal = NUMBER_REFUSALS[String(length)] || "not_text";
  return { refusal, c: refusal === "not_a_digit" ? [...output(4)][0] : "" };
}

/** Öre as decimal digits, to be written into the JSON as a number exactly as they are. */
class Digits {
  constructor(digits) {
    this.digits = digits;
  }
}

/** JSON text of a report whose exact numbers are `Digits`: they go out as written. */
function jsonText(value) {
  return JSON.stringify(value, (_, v) => (v instanceof Digits ? JSON.rawJSON(v.digits) : v), 2) + "\n";
}

// ---- The form ----------------------------------------------------------------------------

const $ = (id) => document.getElementById(id);
/** What was loaded, kept as it is but for what the form sets: fields the form does not show
 * (a region's name, other SVF's lead times, sections of other years) reach the download. */
let base = {};
/** The bytes of a loaded file until the form is touched: assessed as they are, so a file that
 * is not JSON gets the kernel's own line and column. */
let loaded = null;

function yearForm() {
  const year = Number($("agreement_year").value);
  return DATA.years.find((y) => y.year === year) || DATA.years[DATA.years.length - 1];
}

function option(value, label) {
  const o = document.createElement("option");
  o.value = value;
  o.textContent = label;
  return o;
}

function field(id, label, kind) {
  const row = document.createElement("div");
  row.className = "row";
  const l = document.createElement("label");
  l.htmlFor = id;
  l.textContent = label;
  const input = document.createElement(kind === "textarea" ? "textarea" : "input");
  input.id = id;
  if (kind !== "textarea") {
    input.type = "text";
    input.inputMode = "numeric";
    input.autocomplete = "off";
  }
  row.append(l, input);
  return row;
}

const SEXES = [["women", "kvinnor"], ["men", "män"]];

/** Optional fields by sex (`by_sex`) for a whole and its part, under `prefix`. */
function bySexFields(prefix, whole, part) {
  const box = document.createElement("div");
  box.className = "by-sex";
  const h = document.createElement("p");
  h.className = "help";
  h.textContent = "Uppdelat på kön (frivilligt; avgör inget villkor)";
  box.append(h);
  for (const [sex, swedish] of SEXES) {
    const pair = document.createElement("div");
    pair.className = "pair";
    pair.append(field(`${prefix}-${sex}-whole`, `${whole[1]}, ${swedish}`),
      field(`${prefix}-${sex}-part`, `${part[1]}, ${swedish}`));
    box.append(pair);
  }
  return box;
}

/** The `by_sex` object the fields under `prefix` describe, over `was`; undefined when empty. */
function bySex(prefix, whole, part, was) {
  const out = { ...(was || {}) };
  for (const [sex] of SEXES) {
    const counts = { ...(out[sex] || {}) };
    set(counts, whole[0], count($(`${prefix}-${sex}-whole`).value));
    set(counts, part[0], count($(`${prefix}-${sex}-part`).value));
    set(out, sex, Object.keys(counts).length ? counts : undefined);
  }
  return Object.keys(out).length ? out : undefined;
}

function showBySex(prefix, whole, part, was) {
  for (const [sex] of SEXES) {
    const counts = (was && was[sex]) || {};
    show($(`${prefix}-${sex}-whole`), counts[whole[0]]);
    show($(`${prefix}-${sex}-part`), counts[part[0]]);
  }
}

const CASES = [["new_cases", "Nya fall"], ["in_svf", "varav i SVF"]];
const PATIENTS = [["patients", "Patienter"], ["within_target", "varav inom maxtiden"]];

/** The year's own fields: PREM, its lead-time diagnoses, its narrative sections. */
function layOutYear() {
  const form = yearForm();
  $("inclusion-by-sex").replaceChildren(bySexFields("inc-sex", CASES[0], CASES[1]));
  $("prem-fields").hidden = !form.prem;
  const leadTimes = $("lead-times");
  leadTimes.replaceChildren();
  $("lead-time-fields").hidden = form.diagnoses.length === 0;
  for (const d of form.diagnoses) {
    const box = document.createElement("div");
    box.className = "diagnosis";
    const h = document.createElement("h3");
    h.textContent = `Ledtider, ${d.name} (mål ${form.lead_time_goal_percent} % inom maxtid)`;
    const now = document.createElement("div");
    now.className = "pair";
    now.append(field(`lt-${d.id}-patients`, "Patienter som startat behandling"),
      field(`lt-${d.id}-within_target`, "Varav inom maxtiden"));
    const then = document.createElement("div");
    then.className = "pair";
    then.append(field(`lt-${d.id}-baseline_patients`, "Utgångsläge: patienter"),
      field(`lt-${d.id}-baseline_within_target`, "Utgångsläge: inom maxtiden"));
    const reason = field(`lt-${d.id}-reason`, `Skäl om målet inte nås, och vad som görs (${d.name})`, "textarea");
    box.append(h, now, then, bySexFields(`lt-${d.id}-sex`, PATIENTS[0], PATIENTS[1]), reason);
    leadTimes.append(box);
  }
  const sections = $("sections");
  sections.replaceChildren();
  for (const s of form.sections) {
    sections.append(field(`narrative-${s.id}`, `Redogörelse för ${s.name}`, "textarea"));
  }
  fillFromBase();
}

/** A count as the report writes it: read by the kernel as people type it ("7 323", "7323", a
 * space, a no-break space or a narrow one between thousands) and sent as a number; anything else
 * is sent as typed, so the kernel names it and its place; empty is left out. Digits beyond 15
 * (more than a count can be) are sent as typed too, so that no number is ever rounded. */
function count(value) {
  const text = value.trim();
  if (text === "") return undefined;
  const read = kernelNumber("svf_whole", text);
  return read.text !== undefined && read.text.length <= 15 ? Number(read.text) : text;
}

function set(object, key, value) {
  if (value === undefined) delete object[key];
  else object[key] = value;
}

/** The report the form describes, over what was loaded; `form` is the year whose fields the
 * page shows (the one before a change of year, while the new one is laid out). */
function report(form = yearForm()) {
  const r = structuredClone(base);
  r.schema = "svf-report/1";
  r.agreement_year = yearForm().year;
  r.region_code = $("region_code").value;
  const period = { ...(r.period || {}) };
  set(period, "from", $("period_from").value || undefined);
  set(period, "to", $("period_to").value || undefined);
  set(r, "period", Object.keys(period).length ? period : undefined);
  const inclusion = { ...(r.inclusion || {}) };
  set(inclusion, "new_cases", count($("new_cases").value));
  set(inclusion, "in_svf", count($("in_svf").value));
  set(inclusion, "by_sex", bySex("inc-sex", CASES[0], CASES[1], inclusion.by_sex));
  set(r, "inclusion", Object.keys(inclusion).length ? inclusion : undefined);
  if (form.prem) {
    const used = $("prem_used").value;
    set(r, "prem", used === "" ? undefined : { ...(r.prem || {}), used: used === "true" });
  }
  if (form.diagnoses.length) {
    const entries = Array.isArray(r.lead_times) ? r.lead_times.slice() : [];
    for (const d of form.diagnoses) {
      const at = entries.findIndex((e) => e && e.svf === d.id);
      const entry = at >= 0 ? { ...entries[at] } : { svf: d.id };
      for (const f of ["patients", "within_target", "baseline_patients", "baseline_within_target"]) {
        set(entry, f, count($(`lt-${d.id}-${f}`).value));
      }
      set(entry, "by_sex", bySex(`lt-${d.id}-sex`, PATIENTS[0], PATIENTS[1], entry.by_sex));
      const reason = $(`lt-${d.id}-reason`).value;
      set(entry, "reason", reason === "" ? undefined : reason);
      const empty = Object.keys(entry).length === 1;
      if (at >= 0) {
        if (empty) entries.splice(at, 1);
        else entries[at] = entry;
      } else if (!empty) {
        entries.push(entry);
      }
    }
    set(r, "lead_times", entries.length ? entries : undefined);
  }
  const narrative = { ...(r.narrative || {}) };
  for (const s of form.sections) {
    const text = $(`narrative-${s.id}`).value;
    set(narrative, s.id, text === "" ? undefined : text);
  }
  set(r, "narrative", Object.keys(narrative).length ? narrative : undefined);
  return r;
}

function show(input, value) {
  input.value = value === undefined || value === null ? "" : String(value);
}

/** The form shows what `base` says. */
function fillFromBase() {
  const r = base;
  show($("period_from"), r.period && r.period.from);
  show($("period_to"), r.period && r.period.to);
  show($("new_cases"), r.inclusion && r.inclusion.new_cases);
  show($("in_svf"), r.inclusion && r.inclusion.in_svf);
  showBySex("inc-sex", CASES[0], CASES[1], r.inclusion && r.inclusion.by_sex);
  show($("prem_used"), r.prem && typeof r.prem.used === "boolean" ? String(r.prem.used) : "");
  for (const d of yearForm().diagnoses) {
    const entry = (Array.isArray(r.lead_times) ? r.lead_times : []).find((e) => e && e.svf === d.id) || {};
    for (const f of ["patients", "within_target", "baseline_patients", "baseline_within_target"]) {
      show($(`lt-${d.id}-${f}`), entry[f]);
    }
    showBySex(`lt-${d.id}-sex`, PATIENTS[0], PATIENTS[1], entry.by_sex);
    show($(`lt-${d.id}-reason`), entry.reason);
  }
  for (const s of yearForm().sections) {
    show($(`narrative-${s.id}`), r.narrative && r.narrative[s.id]);
  }
}

/** The upload's receipt time: noon UTC of the chosen day (the same day in Swedish time). */
function receivedAt() {
  const day = $("received").value || new Date().toISOString().slice(0, 10);
  return `${day}T12:00:00Z`;
}

// ---- The verdict, in the notification's lines --------------------------------------------

function item(list, text, kind) {
  const li = document.createElement("li");
  if (kind) {
    li.className = kind;
    const mark = document.createElement("span");
    mark.className = "mark";
    mark.setAttribute("aria-hidden", "true");
    mark.textContent = { met: "✓", "not-met": "✗", unknown: "?" }[kind];
    li.append(mark);
  }
  const line = document.createElement("span");
  line.className = "line";
  line.textContent = text;
  li.append(line);
  list.append(li);
  return li;
}

function paragraph(parent, text, className) {
  const p = document.createElement("p");
  p.textContent = text;
  if (className) p.className = className;
  parent.append(p);
  return p;
}

/** One condition's line, as the notification writes it. */
function conditionLine(c) {
  const words = WORDS.conditions[c.id] || { label: c.id, remedy: null };
  let line = `${words.label}: ${WORDS.verdict[String(c.met)]}`;
  if (c.value !== undefined && c.required !== undefined) {
    line += ` (${c.value}, ${WORDS.required} ${c.required})`;
  }
  if (c.detail !== undefined) line += `. ${c.detail}`;
  return { line, remedy: c.met === false ? words.remedy : null };
}

/**
 * Where a fault is, as the notification says it (`present::place`): the field's name and the
 * path after, `Ledtider, post 2: patienter (lead_times[1].patients)`; a path of no named field
 * by the nearest field that holds it, else the path alone.
 */
function placeOf(path) {
  let first = null;
  let pattern = path.replace(/\[(\d+)\]/g, (_, i) => {
    if (first === null) first = Number(i);
    return "[]";
  });
  for (;;) {
    const name = Object.hasOwn(WORDS.places, pattern) ? WORDS.places[pattern] : undefined;
    if (name !== undefined) {
      return `${name.replace("{n}", first === null ? "" : String(first + 1))} (${path})`;
    }
    const cut = Math.max(pattern.lastIndexOf("."), pattern.lastIndexOf("["));
    if (cut < 0) return path;
    pattern = pattern.slice(0, cut);
  }
}

function render(assessment) {
  const out = $("verdict");
  out.replaceChildren();
  if (assessment.status === "rejected") {
    paragraph(out, WORDS.rejected, "problem");
    const list = document.createElement("ul");
    list.className = "errors";
    for (const e of assessment.errors) {
      item(list, e.path ? `${placeOf(e.path)}: ${e.message_sv}` : e.message_sv, "not-met");
    }
    out.append(list);
    paragraph(out, WORDS.correct_and_upload);
    return;
  }
  const parts = document.createElement("div");
  parts.className = "parts";
  for (const p of assessment.parts) {
    const words = WORDS.parts[p.id];
    paragraph(parts, `${words ? words.name : p.id}: ${p.eligible ? words.met : words.not_met}.`,
      p.eligible ? "met" : "not-met");
  }
  out.append(parts);
  if (assessment.complete) {
    paragraph(out, WORDS.complete);
  } else {
    const deadline = assessment.conditions.find((c) => c.id === "deadline");
    const day = deadline && deadline.figures && deadline.figures.last_day;
    paragraph(out, day ? WORDS.incomplete_by.replace("{day}", day) : WORDS.incomplete, "problem");
    const list = document.createElement("ul");
    list.className = "missing";
    for (const m of assessment.missing) item(list, WORDS.missing[m] || m, "unknown");
    out.append(list);
  }
  paragraph(out, WORDS.conditions_heading);
  const list = document.createElement("ul");
  list.className = "conditions";
  for (const c of assessment.conditions) {
    const { line, remedy } = conditionLine(c);
    const li = item(list, line, c.met === true ? "met" : c.met === false ? "not-met" : "unknown");
    if (remedy) {
      const r = document.createElement("span");
      r.className = "remedy";
      r.textContent = remedy;
      li.append(r);
    }
  }
  out.append(list);
  // Asked for, never required: completeness and the verdicts stand without it.
  if (assessment.advice && assessment.advice.length > 0) {
    paragraph(out, WORDS.advice_heading);
    const asked = document.createElement("ul");
    asked.className = "advice";
    for (const a of assessment.advice) item(asked, WORDS.advice[a] || a, "unknown");
    out.append(asked);
  }
}

/** How many verdicts the page has shown, so that a script can wait for the next. */
let shownVerdicts = 0;

function assessNow() {
  document.body.dataset.verdicts = String(++shownVerdicts);
  if (kind() === "rcc") {
    rccAssessNow();
    return;
  }
  let text;
  try {
    text = svfAssess(loaded || JSON.stringify(report(), null, 2), receivedAt());
  } catch (e) {
    $("verdict").replaceChildren();
    paragraph($("verdict"), `Kan inte bedömas: ${e.message}.`, "problem");
    return;
  }
  render(JSON.parse(text));
  const form = yearForm();
  $("where").textContent = `Ladda ner filen (${fileName()}) och ladda upp den till ` +
    `reports/${form.year}/${$("region_code").value}/ i SVF-bucketen.`;
}

// ---- Loading and downloading -------------------------------------------------------------

function fileName() {
  const region = DATA.regions.find((r) => r.code === $("region_code").value);
  const slug = (region ? region.name : "region")
    .toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `reports-${yearForm().year}-${$("region_code").value}-${slug}.json`;
}

/** The region's report as its download writes it: a loaded file untouched, as it is. */
function regionText() {
  return loaded ? new TextDecoder().decode(loaded) : JSON.stringify(report(), null, 2) + "\n";
}

function save(body, name) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([body], { type: "application/json" }));
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
}

function download() {
  // A loaded file that was not changed goes out byte for byte.
  save(loaded || regionText(), fileName());
}

/**
 * Why a file that is not a UTF-8 JSON report cannot be read, when the cause is one people meet
 * and can fix: saved as UTF-16 or as Windows-1252 (ANSI), or with a word processor's curly
 * quotes. `null` when none of these is the cause (the kernel's reason then says what is wrong).
 */
function encodingProblem(bytes) {
  const fix = "Spara filen som UTF-8 (i Anteckningar: Arkiv → Spara som → Kodning: UTF-8) och läs in den igen.";
  const bom16 = bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  // UTF-16 without a byte-order mark: ASCII text with a zero byte beside every character.
  let zeros = 0;
  for (let i = 0; i < Math.min(bytes.length, 512); i++) if (bytes[i] === 0) zeros++;
  if (bom16 || zeros * 4 > Math.min(bytes.length, 512)) {
    return `Filen är sparad som UTF-16 (Unicode), men en redovisning ska vara UTF-8. ${fix}`;
  }
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (_) {
    // Not UTF-8: bytes of the Windows code page's å, ä, ö and é (0xE5, 0xE4, 0xF6, …).
    const windows = new TextDecoder("windows-1252").decode(bytes);
    const letters = [...new Set(windows.match(/[åäöÅÄÖéÉü]/g) || [])].join(", ");
    return "Filen är sparad som Windows-1252 (ANSI)" + (letters ? ` – tecknen ${letters} är inte UTF-8` : "") +
      `, men en redovisning ska vara UTF-8. ${fix}`;
  }
  const curly = text.match(/[\u201c\u201d\u201e\u2018\u2019\u00ab\u00bb]/g);
  if (curly) {
    try {
      JSON.parse(text);
    } catch (_) {
      return `Filen har typografiska citattecken (${[...new Set(curly)].join(" ")}), som ett ` +
        "ordbehandlingsprogram sätter in; JSON kräver raka citattecken (\"). Byt dem mot \" " +
        "eller skriv filen i en textredigerare, inte i Word.";
    }
  }
  return null;
}

/** Shows why a loaded file cannot be read and how to fix it, or nothing. */
function showEncoding(problem) {
  $("kodning").textContent = problem || "";
  $("kodning").hidden = !problem;
}

/** The exact digits of the numbers under `keys` (an amount's öre), as `Digits`, for JSON.parse. */
const exactNumbers = (keys) => (key, value, context) =>
  keys.includes(key) && typeof value === "number" && context && typeof context.source === "string"
    ? new Digits(context.source)
    : value;

/** Reads a file into the form for its kind: an RCC's report (its schema says so) into the RCC
 * form, anything else into the region's, as `svf assess` tells them apart. */
async function load(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  showEncoding(encodingProblem(bytes));
  let parsed = null;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (_) {
    parsed = null;
  }
  const rcc = parsed && typeof parsed === "object" && parsed.schema === "svf-rcc-report/1";
  setKind(rcc ? "rcc" : "region");
  if (rcc && !Array.isArray(parsed)) {
    // Again, keeping each amount's digits exactly (a number past 2^53 öre would be rounded).
    rccLoad(bytes, JSON.parse(new TextDecoder().decode(bytes), exactNumbers(["amount_ore"])));
    return;
  }
  if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
    base = parsed;
    if (DATA.years.some((y) => y.year === parsed.agreement_year)) {
      $("agreement_year").value = String(parsed.agreement_year);
    }
    if (DATA.regions.some((r) => r.code === parsed.region_code)) {
      $("region_code").value = parsed.region_code;
    }
    layOutYear();
    shown = yearForm();
  }
  // The file is assessed as it is until the form is changed.
  loaded = bytes;
  assessNow();
}

// ---- An RCC's report (svf-rcc-report/1) ------------------------------------------------

const RCC = DATA.rcc;
const RCC_WORDS = RCC.words;
const FINAL_TEXTS = ["good_examples", "proposals", "results", "lead_time_effects"];
const PROJECT_TEXTS = [
  ["name", "Projektets namn", "input"],
  ["recipient", "Mottagare (vem som fått medlen)", "input"],
  ["amount", "Beviljat belopp i kronor", "amount"],
  ["description", "Vad projektet gör", "textarea"],
  ["results", "Projektets resultat (i den slutliga lägesbilden)", "textarea"],
];

/** Which report the page is for: `region` or `rcc`. */
function kind() {
  return $("kind-rcc").checked ? "rcc" : "region";
}

function setKind(which) {
  $(which === "rcc" ? "kind-rcc" : "kind-region").checked = true;
  $("report").hidden = which === "rcc";
  $("rcc-report").hidden = which !== "rcc";
  $("rcc-field-problems").hidden = which !== "rcc" || $("rcc-field-problems").textContent === "";
}

/** What was loaded, kept as it is but for what the form sets (as `base` for a region). */
let rccBase = {};
/** The bytes of a loaded RCC file until the form is touched. */
let rccLoaded = null;
/** Serial numbers of project blocks, so that ids stay unique when one is removed. */
let rccSerial = 0;

function rccYear() {
  const year = Number($("rcc_year").value);
  return RCC.years.find((y) => y.year === year) || RCC.years[RCC.years.length - 1];
}

/** A labelled control in a row: `kind` is `input`, `textarea` or `amount` (text, with its help
 * and a place for its error). */
function rccField(id, label, kind) {
  const row = document.createElement("div");
  row.className = "row";
  const l = document.createElement("label");
  l.htmlFor = id;
  l.textContent = label;
  const input = document.createElement(kind === "textarea" ? "textarea" : "input");
  input.id = id;
  if (kind !== "textarea") {
    input.type = "text";
    input.autocomplete = "off";
  }
  row.append(l, input);
  if (kind === "amount" || kind === "count") {
    input.inputMode = kind === "amount" ? "decimal" : "numeric";
    const error = document.createElement("p");
    error.className = "field-error";
    error.id = `${id}-error`;
    error.hidden = true;
    input.setAttribute("aria-describedby", error.id);
    row.append(error);
  }
  return row;
}

/** A project's fields, filled from `was` (a project of the loaded report), in `list`. */
function rccProject(area, list, was) {
  const serial = ++rccSerial;
  const box = document.createElement("div");
  box.className = "project";
  box.dataset.serial = String(serial);
  box.base = was && typeof was === "object" && !Array.isArray(was) ? was : {};
  const h = document.createElement("h3");
  box.append(h);
  for (const [key, label, kind] of PROJECT_TEXTS) {
    box.append(rccField(`rcc-${area.id}-p${serial}-${key}`, label, kind));
  }
  const remove = document.createElement("button");
  remove.type = "button";
  remove.className = "remove";
  remove.addEventListener("click", () => {
    box.remove();
    numberProjects(area, list);
    rccTouched();
  });
  box.append(remove);
  list.append(box);
  const p = box.base;
  for (const key of ["name", "recipient", "description", "results"]) {
    show($(`rcc-${area.id}-p${serial}-${key}`), p[key]);
  }
  show($(`rcc-${area.id}-p${serial}-amount`), kronorOf(p.amount_ore));
  numberProjects(area, list);
}

/** Headings and buttons say which project they are of (`Projekt 2, patologi`). */
function numberProjects(area, list) {
  [...list.children].forEach((box, index) => {
    box.querySelector("h3").textContent = `Projekt ${index + 1}, ${area.name}`;
    box.querySelector(".remove").textContent = `Ta bort projekt ${index + 1} (${area.name})`;
  });
}

/** An amount of the loaded report in the form's kronor, as svf writes them (`1 250 000,50`);
 * anything the kernel does not read as öre is shown as it is, or not at all. */
function kronorOf(ore) {
  if (ore === undefined || ore === null) return undefined;
  const digits = ore instanceof Digits ? ore.digits : typeof ore === "number" ? String(ore) : null;
  if (digits === null) return undefined;
  const read = kernelNumber("svf_kronor_text", digits, 0);
  return read.text !== undefined ? read.text : digits;
}

/** The year's areas, each with its criteria, applications and projects, from `rccBase`. */
function layOutRcc() {
  const areas = $("rcc-areas");
  areas.replaceChildren();
  rccSerial = 0;
  const reported = Array.isArray(rccBase.areas) ? rccBase.areas : [];
  for (const area of rccYear().areas) {
    const was = reported.find((a) => a && a.area === area.id) || {};
    const box = document.createElement("fieldset");
    box.className = "area";
    box.id = `rcc-area-${area.id}`;
    const legend = document.createElement("legend");
    legend.textContent = `Område: ${area.name}`;
    const list = document.createElement("div");
    list.className = "projects";
    list.id = `rcc-${area.id}-projects`;
    const add = document.createElement("button");
    add.type = "button";
    add.id = `rcc-${area.id}-add`;
    add.textContent = `Lägg till ett projekt (${area.name})`;
    add.addEventListener("click", () => {
      rccProject(area, list, null);
      rccTouched();
    });
    box.append(legend,
      rccField(`rcc-${area.id}-criteria`, `Kriterier för fördelningen av medlen (${area.name})`, "textarea"),
      rccField(`rcc-${area.id}-applications`, `Antal ansökningar (${area.name}, frivilligt)`, "count"),
      list, add);
    areas.append(box);
    show($(`rcc-${area.id}-criteria`), was.criteria);
    show($(`rcc-${area.id}-applications`), was.applications instanceof Digits ? was.applications.digits : was.applications);
    const projects = Array.isArray(was.projects) ? was.projects : [];
    for (const p of projects) rccProject(area, list, p);
    if (projects.length === 0) rccProject(area, list, null);
  }
  for (const key of FINAL_TEXTS) show($(`rcc-${key}`), rccBase[key]);
  show($("rcc_stage"), rccBase.stage === "first" || rccBase.stage === "final" ? rccBase.stage : "");
  $("rcc-final-fields").hidden = $("rcc_stage").value !== "final";
}

/** A typed number read by the kernel (`svf_kronor` or `svf_whole`): its digits, or undefined
 * with the reason shown at the field (and counted in `problems`). */
function readNumber(input, exported, subject, problems) {
  const error = $(`${input.id}-error`);
  const text = input.value;
  let digits;
  let message = "";
  if (text.trim() !== "") {
    const read = kernelNumber(exported, text);
    if (read.text !== undefined) {
      digits = read.text;
    } else {
      message = `${subject} ${RCC_WORDS.number[read.refusal].replace("{c}", read.c)}.`;
      problems.push(input.id);
    }
  }
  error.textContent = message;
  error.hidden = message === "";
  if (message) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
  return digits;
}

/** The RCC's report the form describes, over what was loaded; `year` is the year whose areas
 * the page shows. Amounts are `Digits` of öre, from the kernel. */
function rccReport(year = rccYear(), problems = []) {
  const b = rccBase;
  const r = {
    schema: "svf-rcc-report/1",
    agreement_year: Number($("rcc_year").value),
    rcc: $("rcc_code").value,
  };
  set(r, "stage", $("rcc_stage").value || (b.stage === "first" || b.stage === "final" ? undefined : b.stage));
  const shown = new Map();
  for (const area of year.areas) {
    const box = $(`rcc-area-${area.id}`);
    if (!box) continue;
    const reported = (Array.isArray(b.areas) ? b.areas : []).find((a) => a && a.area === area.id);
    const out = { ...(reported || {}), area: area.id };
    const criteria = $(`rcc-${area.id}-criteria`).value;
    set(out, "criteria", criteria === "" ? undefined : criteria);
    const applications = readNumber($(`rcc-${area.id}-applications`), "svf_whole", RCC_WORDS.count, problems);
    set(out, "applications", applications === undefined ? undefined
      : applications.length <= 15 ? Number(applications) : new Digits(applications));
    const projects = [];
    for (const p of $(`rcc-${area.id}-projects`).children) {
      const id = (key) => $(`rcc-${area.id}-p${p.dataset.serial}-${key}`);
      const project = { ...p.base };
      for (const key of ["name", "recipient", "description", "results"]) {
        const text = id(key).value;
        set(project, key, text === "" ? undefined : text);
      }
      const ore = readNumber(id("amount"), "svf_kronor", RCC_WORDS.amount, problems);
      set(project, "amount_ore", ore === undefined ? undefined : new Digits(ore));
      if (Object.keys(project).length) projects.push(project);
    }
    set(out, "projects", projects.length ? projects : undefined);
    // An area the form leaves empty is not reported (the kernel then says it is missing).
    if (reported || Object.keys(out).length > 1) shown.set(area.id, out);
  }
  // The loaded report's areas in their order, the form's in place of the year's; then the
  // year's areas only the form has.
  const areas = [];
  for (const a of Array.isArray(b.areas) ? b.areas : []) {
    const id = a && a.area;
    if (shown.has(id)) {
      areas.push(shown.get(id));
      shown.delete(id);
    } else if (!year.areas.some((y) => y.id === id)) {
      areas.push(a);
    }
  }
  areas.push(...shown.values());
  set(r, "areas", areas.length || Array.isArray(b.areas) ? areas : undefined);
  for (const key of FINAL_TEXTS) {
    const text = $(`rcc-${key}`).value;
    set(r, key, text === "" ? undefined : text);
  }
  for (const [key, value] of Object.entries(b)) if (!(key in r) && !["stage", "areas", ...FINAL_TEXTS].includes(key)) r[key] = value;
  return r;
}

/** The RCC's report as its download writes it: a loaded file untouched, as it is. */
function rccText() {
  return rccLoaded ? new TextDecoder().decode(rccLoaded) : jsonText(rccReport());
}

function rccFileName() {
  return `reports-${$("rcc_year").value}-rcc-${$("rcc_code").value}.json`;
}

function rccReceivedAt() {
  const day = $("rcc_received").value || new Date().toISOString().slice(0, 10);
  return `${day}T12:00:00Z`;
}

/** The assessment of the RCC's report, in the RCC notification's lines. */
function renderRcc(a) {
  const out = $("verdict");
  out.replaceChildren();
  if (a.status === "rejected") {
    paragraph(out, WORDS.rejected, "problem");
    const list = document.createElement("ul");
    list.className = "errors";
    for (const e of a.errors) item(list, e.path ? `${e.path}: ${e.message}` : e.message, "not-met");
    out.append(list);
    paragraph(out, WORDS.correct_and_upload);
    return;
  }
  if (a.complete) {
    paragraph(out, RCC_WORDS.complete);
  } else {
    paragraph(out, RCC_WORDS.incomplete, "problem");
    const list = document.createElement("ul");
    list.className = "missing";
    for (const m of a.missing) {
      const what = RCC_WORDS.missing[m.replace(/\[\d+\]/g, "[]")];
      item(list, what ? `${m}: ${what}` : m, "unknown");
    }
    if (Number(a.more_missing) > 0) {
      item(list, RCC_WORDS.more.replace(/^- /, "").replace("{n}", String(a.more_missing)), "unknown");
    }
    out.append(list);
  }
  paragraph(out, RCC_WORDS.granted_heading);
  const granted = document.createElement("ul");
  granted.className = "granted";
  for (const area of a.areas) {
    const amount = kernelNumber("svf_kronor_text", area.granted_ore.digits, 1);
    item(granted, RCC_WORDS.granted.replace(/^- /, "")
      .replace("{area}", RCC_WORDS.areas[area.area] || area.area)
      .replace("{n}", String(area.projects))
      .replace("{amount}", amount.text !== undefined ? amount.text : `${area.granted_ore.digits} öre`));
  }
  out.append(granted);
  paragraph(out, RCC_WORDS.note);
}

function rccAssessNow() {
  const problems = [];
  let text;
  try {
    const body = rccLoaded || jsonText(rccReport(rccYear(), problems));
    text = svfAssess(body, rccReceivedAt());
  } catch (e) {
    $("verdict").replaceChildren();
    paragraph($("verdict"), `Kan inte bedömas: ${e.message}.`, "problem");
    return;
  }
  const said = problems.length === 0 ? ""
    : `${problems.length === 1 ? "Ett tal" : `${problems.length} tal`} i formuläret kan inte läsas och ` +
      "är inte med i redovisningen; se fälten.";
  $("rcc-field-problems").textContent = said;
  $("rcc-field-problems").hidden = said === "";
  const assessment = JSON.parse(text, exactNumbers(["granted_ore"]));
  if (assessment.schema === "svf-rcc-assessment/1") renderRcc(assessment);
  else render(assessment);
  $("rcc-where").textContent = `Ladda ner filen (${rccFileName()}) och ladda upp den till ` +
    `reports/${$("rcc_year").value}/rcc/${$("rcc_code").value}/ i SVF-bucketen.`;
}

/** The form was changed: the loaded file no longer stands as it is. */
function rccTouched() {
  rccLoaded = null;
  showEncoding(null);
  assessNow();
}

function rccLoad(bytes, parsed) {
  rccBase = parsed;
  if (RCC.years.some((y) => y.year === parsed.agreement_year)) $("rcc_year").value = String(parsed.agreement_year);
  if (RCC.rccs.some((r) => r.id === parsed.rcc)) $("rcc_code").value = parsed.rcc;
  layOutRcc();
  rccShown = rccYear();
  rccLoaded = bytes;
  assessNow();
}

let rccShown = null;

function startRcc() {
  for (const y of RCC.years) $("rcc_year").append(option(y.year, String(y.year)));
  for (const r of RCC.rccs) $("rcc_code").append(option(r.id, r.name));
  const latest = RCC.years[RCC.years.length - 1].year;
  $("rcc_year").value = String(RCC.years.some((y) => y.year === 2026) ? 2026 : latest);
  $("rcc_received").value = new Date().toISOString().slice(0, 10);
  layOutRcc();
  rccShown = rccYear();
  $("rcc-report").addEventListener("input", (event) => {
    if (event.target.id === "rcc_load") return;
    if (event.target.id === "rcc_year") {
      // What was typed stays: it becomes the base the new year's areas are laid over.
      rccBase = rccReport(rccShown);
      rccShown = rccYear();
      layOutRcc();
    }
    if (event.target.id === "rcc_stage") $("rcc-final-fields").hidden = $("rcc_stage").value !== "final";
    rccTouched();
  });
  $("rcc-report").addEventListener("change", (event) => {
    if (event.target.id === "rcc_load" && event.target.files.length) load(event.target.files[0]);
  });
  $("rcc-download").addEventListener("click", () => save(rccText(), rccFileName()));
}

// ---- Start -------------------------------------------------------------------------------

for (const y of DATA.years) $("agreement_year").append(option(y.year, String(y.year)));
for (const r of DATA.regions) $("region_code").append(option(r.code, `${r.code} ${r.name}`));
$("agreement_year").value = String(DATA.years.find((y) => y.year === 2026) ? 2026 : DATA.years[0].year);
$("received").value = new Date().toISOString().slice(0, 10);
layOutYear();
let shown = yearForm();
$("report").addEventListener("input", (event) => {
  if (event.target.id === "load") return;
  if (event.target.id === "agreement_year") {
    // What was typed stays: it becomes the base the new year's fields are laid over.
    base = report(shown);
    shown = yearForm();
    layOutYear();
  }
  loaded = null;
  showEncoding(null);
  assessNow();
});
$("report").addEventListener("change", (event) => {
  if (event.target.id === "load" && event.target.files.length) load(event.target.files[0]);
});
$("download").addEventListener("click", download);
startRcc();
for (const radio of document.querySelectorAll("input[name=kind]")) {
  radio.addEventListener("change", () => {
    setKind(kind());
    assessNow();
  });
}
assessNow();
