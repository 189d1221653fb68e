//! The front door (contract §10) on a folder bucket: tokens signed here with a test pool's key
//! (`tests/data/front/`), every role against every call, own and other's, and the requests a
//! careless or hostile client sends. The same door over S3 with moto's Cognito, under `cargo
//! lambda watch`, is `scripts/front_door_e2e.py`.

use std::time::{SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::{Value, json};
use svf_functions::contract::access::Role;
use svf_functions::door::token::Verifier;
use svf_functions::door::{Answer, Door, Request, Site};
use svf_functions::store::{ObjectStore, Silent};
use svf_kernel::rcc::Rcc;
use svf_kernel::region::Region;

use crate::support::{folder, put};

const ISSUER: &str = "https://cognito-idp.eu-north-1.amazonaws.com/eu-north-1_TestPool";
const CLIENT: &str = "svf-page-client";
const PAGE: &str = "https://svf.example.se";

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// A token as the pool issues one, with `changes` made to its claims, signed by `key`.
fn token_with(key: &str, changes: &Value) -> String {
    let mut claims = json!({
        "iss": ISSUER, "client_id": CLIENT, "token_use": "access", "username": "anna",
        "sub": "0000-1111", "iat": now(), "exp": now() + 3600,
    });
    for (name, value) in changes.as_object().unwrap() {
        claims[name] = value.clone();
    }
    let pem = match key {
        "pool" => include_bytes!("data/front/pool.pem").as_slice(),
        _ => include_bytes!("data/front/forger.pem").as_slice(),
    };
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some("test-pool-key".to_owned());
    encode(&header, &claims, &EncodingKey::from_rsa_pem(pem).unwrap()).unwrap()
}

/// A good token of a user in `groups`.
fn token(groups: &[&str]) -> String {
    token_with("pool", &json!({"cognito:groups": groups}))
}

fn door() -> Door<svf_testing::TempBucket, Silent> {
    let verifier =
        Verifier::new(ISSUER, CLIENT, include_bytes!("data/front/pool.jwks.json")).unwrap();
    let site = Site {
        cognito_endpoint: "https://cognito-idp.eu-north-1.amazonaws.com/".to_owned(),
        client_id: CLIENT.to_owned(),
        page_origin: Some(PAGE.to_owned()),
    };
    Door::new(folder(), Silent, verifier, site)
}

async fn call(
    door: &Door<svf_testing::TempBucket, Silent>,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: &[u8],
) -> Answer {
    let authorization = token.map(|t| format!("Bearer {t}"));
    door.answer(Request {
        method,
        path,
        authorization: authorization.as_deref(),
        origin: None,
        body,
    })
    .await
}

fn body(answer: &Answer) -> Value {
    serde_json::from_slice(&answer.body)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&answer.body)))
}

/// A report of `role`'s (a region's 2024 report, an RCC's first report), or `None`.
fn report_of(role: Role) -> Option<Vec<u8>> {
    match role {
        Role::Region(region) => Some(svf_testing::report_2024(region.code(), 800)),
        Role::Rcc(rcc) => {
            let mut report: Value =
                serde_json::from_str(include_str!("../../spec/examples/rcc-2024-vast-first.json"))
                    .unwrap();
            report["rcc"] = json!(rcc.as_str());
            Some(report.to_string().into_bytes())
        }
        Role::Assessor | Role::Finance => None,
    }
}

/// Every object under `prefix`.
async fn keys(door: &Door<svf_testing::TempBucket, Silent>, prefix: &str) -> Vec<String> {
    let listed = door.store().list(prefix).await.unwrap();
    listed.into_iter().map(|info| info.key).collect()
}

const DECISION: &str = r#"{"schema": "svf-decision/1", "agreement_year": 2024, "region_code": "12",
    "decided_by": "Socialdepartementet", "decided_on": "2024-12-05", "case": "S2024/0001",
    "parts": [{"id": "second", "eligible": false, "reason": "Ofullständig"}]}"#;

/// Every role sends a report: each uploader gets 201, its key under its own prefix, and the
/// notification as stored; assessors and finance get 403. Returns each uploader's notification id.
async fn every_role_submits(
    door: &Door<svf_testing::TempBucket, Silent>,
    roles: &[Role],
) -> std::collections::HashMap<Role, String> {
    let mut own_notification = std::collections::HashMap::new();
    for &role in roles {
        let tok = token(&[&role.group()]);
        let answer = call(
            door,
            "POST",
            "/reports/2024",
            Some(&tok),
            &report_of(role).unwrap_or_else(|| b"{}".to_vec()),
        )
        .await;
        let own = match role {
            Role::Region(region) => Some(format!("reports/2024/{}/", region.code())),
            Role::Rcc(rcc) => Some(format!("reports/2024/rcc/{rcc}/")),
            Role::Assessor | Role::Finance => None,
        };
        if let Some(own) = own {
            assert_eq!(
                answer.status,
                201,
                "{role}: {}",
                String::from_utf8_lossy(&answer.body)
            );
            let sent = body(&answer);
            let key = sent["key"].as_str().unwrap();
            assert!(key.starts_with(&own), "{key}");
            if let Role::Region(region) = role {
                assert_eq!(
                    sent["notification"]["assessment"]["status"], "assessed",
                    "{role}"
                );
                assert_eq!(
                    sent["notification"]["assessment"]["region_code"],
                    region.code()
                );
            }
            own_notification.insert(role, sent["notification_id"].as_str().unwrap().to_owned());
        } else {
            assert_eq!(answer.status, 403, "{role}");
            assert_eq!(body(&answer)["error"], "forbidden");
        }
    }
    own_notification
}

/// Every role against every call, its own and another's: the isolation table of contract §10.
#[tokio::test]
async fn every_role_reaches_exactly_what_its_group_allows() {
    let door = door();
    put(door.store(), "summary/2024/payments.json", b"{}".to_vec()).await;
    let roles: Vec<Role> = Role::all().collect();
    let own_notification = every_role_submits(&door, &roles).await;
    // Nothing was written anywhere but the uploaders' own prefixes: 21 + 6 reports.
    assert_eq!(keys(&door, "reports/").await.len(), 27);
    assert_eq!(keys(&door, "decisions/").await, Vec::<String>::new());

    for &role in &roles {
        let tok = token(&[&role.group()]);
        let listed = call(&door, "GET", "/notifications/2024", Some(&tok), b"").await;
        let summary = call(&door, "GET", "/summary/2024/payments.json", Some(&tok), b"").await;
        let files = call(&door, "GET", "/summary/2024", Some(&tok), b"").await;
        let decision = call(
            &door,
            "PUT",
            "/decisions/2024/12",
            Some(&tok),
            DECISION.as_bytes(),
        )
        .await;
        match role {
            Role::Region(_) | Role::Rcc(_) => {
                assert_eq!(listed.status, 200, "{role}");
                let ids: Vec<String> = body(&listed)
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|n| n["id"].as_str().unwrap().to_owned())
                    .collect();
                assert_eq!(
                    ids,
                    vec![own_notification[&role].clone()],
                    "{role} lists only its own"
                );
                let mine = call(
                    &door,
                    "GET",
                    &format!("/notifications/2024/{}", own_notification[&role]),
                    Some(&tok),
                    b"",
                )
                .await;
                assert_eq!(mine.status, 200, "{role}");
                // Every other uploader's notification, by its id: not found under this role's own prefix.
                for (&other, id) in &own_notification {
                    if other != role {
                        let theirs = call(
                            &door,
                            "GET",
                            &format!("/notifications/2024/{id}"),
                            Some(&tok),
                            b"",
                        )
                        .await;
                        assert_eq!(theirs.status, 404, "{role} reading {other}'s");
                    }
                }
                for refused in [&summary, &files, &decision] {
                    assert_eq!(refused.status, 403, "{role}");
                }
            }
            Role::Assessor | Role::Finance => {
                assert_eq!(listed.status, 403, "{role}");
                assert_eq!(summary.status, 200, "{role}");
                assert_eq!(summary.content_type, "application/json");
                assert_eq!(files.status, 200, "{role}");
                assert_eq!(body(&files)[0]["id"], "payments.json");
                let expected = if role == Role::Assessor { 200 } else { 403 };
                assert_eq!(decision.status, expected, "{role}");
            }
        }
    }
    assert_eq!(
        keys(&door, "decisions/").await,
        vec!["decisions/2024/12.json".to_owned()]
    );
}

/// A token that is not a good access token of the pool's, for this app: 401, nothing read or
/// written. A user in no group, an unknown group or two groups: 403.
#[tokio::test]
async fn a_token_not_the_pools_or_a_user_without_one_role_is_refused() {
    let door = door();
    let report = svf_testing::report_2024("25", 800);
    let groups = json!(["region-25"]);
    let tokens = [
        ("none", None, 401, "not_signed_in"),
        (
            "not a token",
            Some("not-a-jwt".to_owned()),
            401,
            "token_not_valid",
        ),
        (
            "forged",
            Some(token_with("forger", &json!({"cognito:groups": groups}))),
            401,
            "token_not_valid",
        ),
        (
            "expired",
            Some(token_with(
                "pool",
                &json!({"cognito:groups": groups, "exp": now() - 3600, "iat": now() - 7200}),
            )),
            401,
            "token_not_valid",
        ),
        (
            "another pool",
            Some(token_with(
                "pool",
                &json!({"cognito:groups": groups, "iss": "https://cognito-idp.eu-north-1.amazonaws.com/eu-north-1_Other"}),
            )),
            401,
            "token_not_valid",
        ),
        (
            "another app",
            Some(token_with(
                "pool",
                &json!({"cognito:groups": groups, "client_id": "another-app"}),
            )),
            401,
            "token_not_valid",
        ),
        (
            "an ID token",
            Some(token_with(
                "pool",
                &json!({"cognito:groups": groups, "token_use": "id", "aud": CLIENT}),
            )),
            401,
            "token_not_valid",
        ),
        ("no group", Some(token(&[])), 403, "no_role"),
        (
            "two groups",
            Some(token(&["region-25", "assessor"])),
            403,
            "no_role",
        ),
        (
            "an unknown group",
            Some(token(&["region-99"])),
            403,
            "no_role",
        ),
    ];
    for (what, tok, status, code) in tokens {
        for (method, path) in [
            ("POST", "/reports/2024"),
            ("GET", "/notifications/2024"),
            ("GET", "/summary/2024"),
        ] {
            let answer = call(&door, method, path, tok.as_deref(), &report).await;
            assert_eq!(answer.status, status, "{what}: {method} {path}");
            let refusal = body(&answer);
            assert_eq!(refusal["error"], code, "{what}");
            assert!(
                refusal["message_sv"].as_str().unwrap().len() > 10
                    && refusal["message"].as_str().unwrap().len() > 10
            );
        }
    }
    assert_eq!(
        keys(&door, "").await,
        Vec::<String>::new(),
        "nothing written"
    );
}

/// What a careless or hostile client sends: refused with its status and both languages, and
/// nothing stored; a report naming another region is stored under the sender's own prefix and
/// rejected there, as any upload in the wrong folder.
#[tokio::test]
async fn bad_requests_are_refused_and_nothing_lands_outside_the_senders_prefix() {
    let door = door();
    let tok = token(&["region-25"]);
    let not_json = call(
        &door,
        "POST",
        "/reports/2024",
        Some(&tok),
        b"inklusion: 80 %",
    )
    .await;
    assert_eq!(
        (not_json.status, body(&not_json)["error"].clone()),
        (400, json!("not_json"))
    );
    let large = vec![b' '; svf_functions::door::MAX_BODY_BYTES + 1];
    let too_large = call(&door, "POST", "/reports/2024", Some(&tok), &large).await;
    assert_eq!(too_large.status, 413);
    for crooked in [
        "/reports/2024/../01",
        "/reports/..%2F01",
        "/reports/2024%2F01",
        "/reports/２０２４",
        "/notifications/2024/..",
        "/summary/2024/%2e%2e",
    ] {
        let answer = call(&door, "POST", crooked, Some(&tok), b"{}").await;
        assert_eq!(answer.status, 400, "{crooked}");
        assert_eq!(body(&answer)["error"], "address_not_plain");
    }
    assert_eq!(
        keys(&door, "").await,
        Vec::<String>::new(),
        "nothing written"
    );

    // Norrbotten's user sends Stockholm's report: stored under 25, rejected, 01 untouched.
    let answer = call(
        &door,
        "POST",
        "/reports/2024",
        Some(&tok),
        &svf_testing::report_2024("01", 800),
    )
    .await;
    assert_eq!(answer.status, 201);
    let sent = body(&answer);
    assert!(
        sent["key"]
            .as_str()
            .unwrap()
            .starts_with("reports/2024/25/")
    );
    assert_eq!(sent["notification"]["assessment"]["status"], "rejected");
    assert_eq!(keys(&door, "reports/2024/01/").await, Vec::<String>::new());
    assert_eq!(keys(&door, "assessments/").await, Vec::<String>::new());

    // An assessor's decision the kernel cannot read: 400 with its place, nothing stored.
    let assessor = token(&["assessor"]);
    let bad = DECISION.replace("\"second\"", "\"third\"");
    let answer = call(
        &door,
        "PUT",
        "/decisions/2024/12",
        Some(&assessor),
        bad.as_bytes(),
    )
    .await;
    assert_eq!(answer.status, 400);
    let refused = body(&answer);
    assert!(
        refused["errors"][0]["path"]
            .as_str()
            .unwrap()
            .contains("parts"),
        "{refused}"
    );
    // A decision on region 12 sent to region 14's address: refused, as its year and region must be the key's.
    let answer = call(
        &door,
        "PUT",
        "/decisions/2024/14",
        Some(&assessor),
        DECISION.as_bytes(),
    )
    .await;
    assert_eq!(answer.status, 400);
    assert_eq!(keys(&door, "decisions/").await, Vec::<String>::new());
}

/// Browsers may call from the page's origin only: the preflight and the answers carry the
/// origin back to it; any other origin is refused before anything else.
#[tokio::test]
async fn only_the_pages_origin_may_call_from_a_browser() {
    let door = door();
    let config = door
        .answer(Request {
            method: "GET",
            path: "/config",
            authorization: None,
            origin: Some(PAGE),
            body: b"",
        })
        .await;
    assert_eq!(config.status, 200);
    assert_eq!(body(&config)["client_id"], CLIENT);
    assert!(
        config
            .headers
            .contains(&("access-control-allow-origin", PAGE.to_owned()))
    );
    let preflight = door
        .answer(Request {
            method: "OPTIONS",
            path: "/reports/2024",
            authorization: None,
            origin: Some(PAGE),
            body: b"",
        })
        .await;
    assert_eq!(preflight.status, 204);
    let tok = token(&["region-25"]);
    let authorization = format!("Bearer {tok}");
    for origin in [
        "https://evil.example",
        "null",
        "https://svf.example.se.evil.example",
    ] {
        let answer = door
            .answer(Request {
                method: "GET",
                path: "/notifications/2024",
                authorization: Some(&authorization),
                origin: Some(origin),
                body: b"",
            })
            .await;
        assert_eq!(answer.status, 403, "{origin}");
        assert_eq!(body(&answer)["error"], "origin_not_allowed");
        assert!(
            !answer
                .headers
                .iter()
                .any(|(name, _)| *name == "access-control-allow-origin")
        );
    }
    let rcc = Role::Rcc(Rcc::Norr);
    assert_eq!(rcc.group(), "rcc-norr");
    assert_eq!(Role::Region(Region::ALL[20]).group(), "region-25");
}
