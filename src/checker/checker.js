"use strict";
// The checker's script. Every verdict is the kernel's (the WebAssembly module below); every word
// is the notification's (DATA.words, written by `svf checker` from svf's wording). This script
// only builds the report from the form, asks the kernel, and lays out the answer as the
// notification's lines.

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
/** The report the form describes now, as the download writes it (for scripts and tests). */
window.svfCheckerReport = () => (loaded ? new TextDecoder().decode(loaded) : JSON.stringify(report(), null, 2) + "\n");

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

/** A count as the report writes it: digits become a number, also grouped by thousands as
 * people type them ("7 323", with a space, a no-break space, a narrow one or a thin one); anything
 * else is sent as typed, so the kernel names it and its place; empty is left out. */
function count(value) {
  const text = value.trim();
  if (text === "") return undefined;
  if (/^[0-9]{1,3}([ \u00a0\u202f\u2009][0-9]{3})+$/.test(text)) {
    return Number(text.replace(/[ \u00a0\u202f\u2009]/g, ""));
  }
  return /^[0-9]{1,15}$/.test(text) ? Number(text) : text;
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

function download() {
  // A loaded file that was not changed goes out byte for byte.
  const body = loaded || window.svfCheckerReport();
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([body], { type: "application/json" }));
  link.download = fileName();
  document.body.append(link);
  link.click();
  link.remove();
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

async function load(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  showEncoding(encodingProblem(bytes));
  let parsed = null;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (_) {
    parsed = null;
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
assessNow();
