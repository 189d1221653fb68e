"use strict";
// Skicka in (contract §10): the page signs the user in with the agency's user pool (Cognito's
// InitiateAuth, from the browser, as Amplify does), sends the report it holds to the front
// door's API, and shows the answer: the kernel's assessment as the pipeline stored it, then the
// notification once it can be read back. Tokens live in this script's memory only: never in
// storage, a cookie or the address; closing or reloading the page signs the user out.
// Only in a page written with `svf checker --api URL`; DATA.front says where.

(() => {
  const FRONT = DATA.front;
  if (!FRONT) return;
  const $ = (id) => document.getElementById(id);
  const section = $("skicka");
  section.hidden = false;

  /** The session: the pool's app client and endpoint (from the API), the tokens, a challenge. */
  const session = { config: null, access: null, username: null, challenge: null };
  /** How long each sending took (ms): to the verdict, to the notification read back. */
  window.svfSent = [];

  function say(element, text, kind) {
    const p = document.createElement("p");
    p.textContent = text;
    if (kind) p.className = kind;
    element.append(p);
    return p;
  }

  async function api(method, path, body) {
    const headers = {};
    if (session.access) headers.Authorization = `Bearer ${session.access}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(FRONT.api + path, { method, headers, body, cache: "no-store" });
    let answer = null;
    try {
      answer = await response.json();
    } catch (_) {
      answer = null;
    }
    return { status: response.status, answer };
  }

  async function config() {
    if (!session.config) {
      const { status, answer } = await api("GET", "config");
      if (status !== 200 || !answer) throw new Error(`SVF svarade ${status} på sin inställning.`);
      session.config = answer;
    }
    return session.config;
  }

  /** One call of Cognito's user-pool API, as its JSON protocol has it. */
  async function cognito(target, body) {
    const { cognito_endpoint: endpoint } = await config();
    const response = await fetch(endpoint, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": `AWSCognitoIdentityProviderService.${target}`,
      },
      body: JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      const type = String(answer.__type || answer.code || response.status).split("#").pop();
      const words = {
        NotAuthorizedException: "Fel e-postadress eller lösenord.",
        UserNotFoundException: "Fel e-postadress eller lösenord.",
        CodeMismatchException: "Koden stämmer inte. Skriv in den kod appen visar nu.",
        InvalidPasswordException: "Lösenordet följer inte reglerna: minst 14 tecken med stora och små bokstäver och siffror.",
        ExpiredCodeException: "Koden har gått ut. Skriv in den kod appen visar nu.",
      };
      throw new Error(words[type] || `Inloggningen misslyckades (${type}${answer.message ? ": " + answer.message : ""}).`);
    }
    return answer;
  }

  function show(id, visible) {
    $(id).hidden = !visible;
  }

  /** The groups the access token names, for what the page offers (the API decides). */
  function groups() {
    try {
      const part = session.access.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      return JSON.parse(atob(part + "=".repeat((4 - part.length % 4) % 4)))["cognito:groups"] || [];
    } catch (_) {
      return [];
    }
  }

  /** A region's or RCC's notifications of the form's year, newest last, by their subjects. */
  async function listMine() {
    const year = held().year;
    const list = $("my-notifications");
    list.replaceChildren();
    const { status, answer } = await api("GET", `notifications/${year}`);
    if (status !== 200) return;
    for (const { id } of answer.slice(-10)) {
      const read = await api("GET", `notifications/${year}/${id}`);
      const item = document.createElement("li");
      item.textContent = read.status === 200
        ? `${read.answer.upload ? read.answer.upload.key : id}: ${read.answer.subject}`
        : id;
      list.append(item);
    }
    if (!answer.length) {
      const none = document.createElement("li");
      none.textContent = "Inga aviseringar för året ännu.";
      list.append(none);
    }
  }

  /** Opens a summary file fetched with the token: a page in a new tab, anything else saved. */
  async function openFile(year, name) {
    const response = await fetch(`${FRONT.api}summary/${year}/${name}`, {
      headers: { Authorization: `Bearer ${session.access}` }, cache: "no-store",
    });
    if (!response.ok) {
      $("sent").textContent = `Filen kunde inte hämtas (SVF svarade ${response.status}).`;
      return;
    }
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement("a");
    link.href = url;
    if (name.endsWith(".html")) link.target = "_blank";
    else link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
  }

  async function listSummaries() {
    const year = $("summary-year").value;
    const list = $("summary-files");
    list.replaceChildren();
    const { status, answer } = await api("GET", `summary/${year}`);
    const line = (text) => {
      const item = document.createElement("li");
      item.textContent = text;
      list.append(item);
    };
    if (status !== 200) {
      line(`Sammanställningen kunde inte läsas (SVF svarade ${status}).`);
      return;
    }
    if (!answer.length) line(`Ingen sammanställning för ${year} ännu.`);
    for (const { id } of answer) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = id.endsWith(".html") ? `Öppna ${id}` : `Hämta ${id}`;
      button.addEventListener("click", () => openFile(year, id));
      item.append(button);
      list.append(item);
    }
  }

  /** What a signed-in user is offered: uploaders send and read their notifications; the
   * agency's staff read the summaries. */
  function offer() {
    const mine = groups();
    const agency = mine.includes("assessor") || mine.includes("finance");
    $("role").textContent = mine.join(", ") || "ingen grupp";
    show("send", !agency);
    show("mine", !agency);
    show("summaries", agency);
    if (agency) {
      const select = $("summary-year");
      if (!select.options.length) {
        for (const { year } of DATA.years) select.append(new Option(String(year), String(year)));
        select.value = String(held().year);
        select.addEventListener("change", listSummaries);
      }
      listSummaries();
    } else {
      listMine();
    }
  }

  /** What the pool answered: tokens (signed in) or the next step it asks for. */
  async function step(answer) {
    if (answer.AuthenticationResult) {
      session.access = answer.AuthenticationResult.AccessToken;
      session.challenge = null;
      $("password").value = "";
      $("new_password").value = "";
      $("mfa_code").value = "";
      show("signin", false);
      show("signed-in", true);
      $("who").textContent = session.username;
      $("signin-status").textContent = "";
      offer();
      return;
    }
    session.challenge = { name: answer.ChallengeName, session: answer.Session };
    show("new-password-row", answer.ChallengeName === "NEW_PASSWORD_REQUIRED");
    show("code-row", ["SOFTWARE_TOKEN_MFA", "MFA_SETUP"].includes(answer.ChallengeName));
    show("mfa-setup", answer.ChallengeName === "MFA_SETUP");
    if (answer.ChallengeName === "MFA_SETUP") {
      const setup = await cognito("AssociateSoftwareToken", { Session: answer.Session });
      session.challenge.session = setup.Session;
      $("mfa-secret").textContent = setup.SecretCode;
    }
    const asks = {
      NEW_PASSWORD_REQUIRED: "Välj ett eget lösenord för att fortsätta.",
      MFA_SETUP: "Koppla en autentiseringsapp: lägg in nyckeln nedan i appen och skriv in koden den visar.",
      SOFTWARE_TOKEN_MFA: "Skriv in koden från din autentiseringsapp.",
    };
    $("signin-status").textContent = asks[answer.ChallengeName] ||
      `Kontotjänsten ber om ${answer.ChallengeName}, som sidan inte kan. Kontakta myndigheten.`;
  }

  async function signIn(event) {
    event.preventDefault();
    $("signin-status").textContent = "Loggar in …";
    try {
      const { client_id: clientId } = await config();
      const challenge = session.challenge;
      if (!challenge) {
        session.username = $("username").value.trim();
        await step(await cognito("InitiateAuth", {
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: clientId,
          AuthParameters: { USERNAME: session.username, PASSWORD: $("password").value },
        }));
      } else if (challenge.name === "NEW_PASSWORD_REQUIRED") {
        await step(await cognito("RespondToAuthChallenge", {
          ChallengeName: challenge.name, ClientId: clientId, Session: challenge.session,
          ChallengeResponses: { USERNAME: session.username, NEW_PASSWORD: $("new_password").value },
        }));
      } else if (challenge.name === "MFA_SETUP") {
        const verified = await cognito("VerifySoftwareToken", {
          Session: challenge.session, UserCode: $("mfa_code").value.trim(), FriendlyDeviceName: "SVF",
        });
        await step(await cognito("RespondToAuthChallenge", {
          ChallengeName: "MFA_SETUP", ClientId: clientId, Session: verified.Session,
          ChallengeResponses: { USERNAME: session.username },
        }));
      } else if (challenge.name === "SOFTWARE_TOKEN_MFA") {
        await step(await cognito("RespondToAuthChallenge", {
          ChallengeName: challenge.name, ClientId: clientId, Session: challenge.session,
          ChallengeResponses: { USERNAME: session.username, SOFTWARE_TOKEN_MFA_CODE: $("mfa_code").value.trim() },
        }));
      }
    } catch (e) {
      $("signin-status").textContent = e.message;
    }
  }

  function signOut() {
    Object.assign(session, { access: null, username: null, challenge: null });
    show("signed-in", false);
    show("signin", true);
    show("new-password-row", false);
    show("code-row", false);
    show("mfa-setup", false);
    show("mine", false);
    show("summaries", false);
    $("sent").replaceChildren();
  }

  /** The report as it stands on the page, and its year. */
  function held() {
    // A loaded file goes out byte for byte, as its download would.
    const body = kind() === "rcc" ? rccLoaded || rccText() : loaded || regionText();
    let year = null;
    try {
      year = JSON.parse(typeof body === "string" ? body : new TextDecoder().decode(body)).agreement_year;
    } catch (_) {
      year = null;
    }
    return { body, year: Number.isInteger(year) ? year : yearForm().year };
  }

  async function send() {
    const out = $("sent");
    out.replaceChildren();
    const started = performance.now();
    const { body, year } = held();
    say(out, "Skickar …");
    let sent;
    try {
      sent = await api("POST", `reports/${year}`, body);
    } catch (e) {
      out.replaceChildren();
      say(out, `Redovisningen kunde inte skickas: SVF svarar inte (${e.message}). Inget skickades; försök igen.`, "problem");
      return;
    }
    const verdictMs = performance.now() - started;
    out.replaceChildren();
    if (sent.status !== 201) {
      const why = sent.answer && sent.answer.message_sv ? sent.answer.message_sv : `SVF svarade ${sent.status}.`;
      say(out, `Redovisningen togs inte emot. ${why}`, "problem");
      if (sent.status === 401) signOut();
      return;
    }
    const { notification } = sent.answer;
    const status = notification.assessment.status;
    out.dataset.status = status;
    say(out, `Mottagen ${sent.answer.received} som ${sent.answer.key}.`);
    const heading = document.createElement("h3");
    heading.textContent = notification.subject;
    out.append(heading);
    const swedish = document.createElement("div");
    swedish.className = "notification";
    for (const line of notification.text_sv.split("\n")) say(swedish, line);
    out.append(swedish);
    const english = document.createElement("details");
    english.lang = "en";
    const summary = document.createElement("summary");
    summary.textContent = "In English";
    english.append(summary);
    for (const line of notification.text_en.split("\n")) say(english, line);
    out.append(english);
    // The notification as stored, read back: what the region's subscription and later visits see.
    const read = await api("GET", `notifications/${year}/${sent.answer.notification_id}`);
    const notificationMs = performance.now() - started;
    const stored = say(out, read.status === 200
      ? "Aviseringen är sparad och skickad till regionens prenumeration."
      : `Aviseringen kunde inte läsas tillbaka (SVF svarade ${read.status}); den skickas ändå.`);
    stored.id = "notification-stored";
    window.svfSent.push({ verdict_ms: verdictMs, notification_ms: notificationMs, status });
    out.dataset.sent = String(window.svfSent.length);
    const item = document.createElement("li");
    item.textContent = `${sent.answer.key}: ${notification.subject}`;
    $("my-notifications").append(item);
  }

  $("signin").addEventListener("submit", signIn);
  $("signout").addEventListener("click", signOut);
  $("send").addEventListener("click", send);
})();
