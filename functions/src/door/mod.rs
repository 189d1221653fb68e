//! The front door (contract §10): the HTTPS API people use from a browser, with an account in
//! the agency's user pool and no AWS. Above the pipeline, like the Lambda mains: a request's
//! token is verified ([`token`]), its address read ([`route`]), the user's [`Role`] decides
//! what it may do, and the [`front`] steps do it. The Lambda function `api` (`src/bin/api.rs`)
//! adapts `lambda_http`'s requests to [`Request`] and [`Answer`] back, so the door is tested on
//! a folder bucket without HTTP.
//!
//! | call | who | answer |
//! |---|---|---|
//! | `GET /config` | anyone | the pool's app client and endpoint, for the page's sign-in |
//! | `POST /reports/{year}` | a region's or RCC's user | 201: key, version, notification (with the assessment) |
//! | `GET /notifications/{year}` | a region's or RCC's user | its notifications' ids |
//! | `GET /notifications/{year}/{id}` | the same | one of them |
//! | `GET /summary/{year}` | assessor, finance | the summary's files |
//! | `GET /summary/{year}/{name}` | assessor, finance | one file, with its content type |
//! | `PUT /decisions/{year}/{region}` | assessor | 200: the decision's key |
//! | `PUT /decisions/{year}/payments/{payment}` | assessor | 200: the decision's key |
//!
//! 401 without a valid token, 403 for a role that may not, 404 for no such thing, 413 for a
//! body over 1 MiB, 400 for a body that is not JSON or an address that is not plain; every
//! refusal in Swedish and English ([`Refusal`]). Browsers may call from the one page origin
//! configured ([`Site::page_origin`]); a request from any other origin is refused.

pub mod route;
pub mod token;

use serde::Serialize;
use serde_json::value::RawValue;
use svf_kernel::decision::Decision;
use svf_kernel::payment_decision::PaymentDecision;
use svf_kernel::region::Year;
use tracing::{info, warn};

use crate::contract::access::Role;
use crate::pipeline::front::{self, DecisionOn};
use crate::present::front::Refusal;
use crate::store::{Announcer, ObjectStore};
use route::Route;
use token::Verifier;

/// The most bytes a request's body may have: a report's most (contract §10).
pub const MAX_BODY_BYTES: usize = svf_kernel::report::MAX_REPORT_BYTES;

/// A request as the door reads it: what any HTTP front end gives.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    /// `GET`, `POST`, …
    pub method: &'a str,
    /// The path as sent (still percent-encoded), from the API's root: `/reports/2024`.
    pub path: &'a str,
    /// The `Authorization` header.
    pub authorization: Option<&'a str>,
    /// The `Origin` header, which a browser sends on a cross-origin call.
    pub origin: Option<&'a str>,
    /// The body.
    pub body: &'a [u8],
}

/// The door's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The body's content type.
    pub content_type: &'static str,
    /// Headers besides the content type (CORS).
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: Vec<u8>,
}

/// What the door serves besides the bucket: where the page signs in, and from where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Site {
    /// The Cognito endpoint the page calls `InitiateAuth` on
    /// (`https://cognito-idp.eu-north-1.amazonaws.com/`).
    pub cognito_endpoint: String,
    /// The pool's app client of the page (public: no secret).
    pub client_id: String,
    /// The one origin browsers may call from (the page's, `https://svf.example.se`, or `null`
    /// for the page opened as a file); `None`: no browser page (calls from programs only).
    pub page_origin: Option<String>,
}

/// The front door over one bucket.
pub struct Door<S, A> {
    store: S,
    announcer: A,
    verifier: Verifier,
    site: Site,
}

impl<S: ObjectStore, A: Announcer> Door<S, A> {
    /// A door to `store`, announcing on `announcer`, taking the tokens `verifier` takes.
    pub fn new(store: S, announcer: A, verifier: Verifier, site: Site) -> Door<S, A> {
        Door {
            store,
            announcer,
            verifier,
            site,
        }
    }

    /// The bucket behind the door.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// Answers one request. Never fails: a fault is an answer (503, retry).
    pub async fn answer(&self, request: Request<'_>) -> Answer {
        let cors = match request.origin {
            None => Vec::new(),
            Some(origin) if self.site.page_origin.as_deref() == Some(origin) => vec![
                ("access-control-allow-origin", origin.to_owned()),
                ("vary", "Origin".to_owned()),
            ],
            Some(origin) => {
                warn!(origin, "a call from an origin not the page's");
                return refused(&Refusal::Origin);
            }
        };
        let mut answer = if request.method == "OPTIONS" {
            Answer {
                status: 204,
                content_type: "text/plain",
                headers: vec![
                    ("access-control-allow-methods", "GET, POST, PUT".to_owned()),
                    (
                        "access-control-allow-headers",
                        "authorization, content-type".to_owned(),
                    ),
                    ("access-control-max-age", "600".to_owned()),
                ],
                body: Vec::new(),
            }
        } else {
            self.route(request).await
        };
        answer.headers.extend(cors);
        answer
    }

    /// The answer before CORS.
    async fn route(&self, request: Request<'_>) -> Answer {
        let route = match Route::parse(request.method, request.path) {
            Ok(route) => route,
            Err(refusal) => return refused(&refusal),
        };
        if route == Route::Config {
            return json(200, &self.config());
        }
        let user = match self.verifier.verify(request.authorization) {
            Ok(user) => user,
            Err(problem) => return refused(&Refusal::Token(problem)),
        };
        let role = match user.role {
            Ok(role) => role,
            Err(why) => return refused(&Refusal::Role(why)),
        };
        let answer = self.serve(route, role, &user.username, request.body).await;
        info!(user = user.username, role = %role, path = request.path, status = answer.status, "front door");
        answer
    }

    /// The public settings the page signs in with.
    fn config(&self) -> Config<'_> {
        Config {
            schema: "svf-front-door/1",
            cognito_endpoint: &self.site.cognito_endpoint,
            client_id: &self.site.client_id,
            max_body_bytes: MAX_BODY_BYTES,
        }
    }

    /// A route a role asked for, done if the role may.
    async fn serve(&self, route: Route, role: Role, username: &str, body: &[u8]) -> Answer {
        let done = match route {
            Route::Config => return json(200, &self.config()),
            Route::Submit(year) => return self.submit(role, year, username, body).await,
            Route::Notifications(year) => front::notifications(&self.store, role, year)
                .await
                .map(|listed| listed.map(|listed| json(200, &listed))),
            Route::Notification(year, id) => front::notification(&self.store, role, year, &id)
                .await
                .map(|object| match object {
                    Some(object) => Some(bytes(200, "application/json", object.bytes)),
                    None if role.notifications_prefix(year).is_some() => {
                        Some(refused(&Refusal::NotFound))
                    }
                    None => None,
                }),
            Route::SummaryFiles(year) if role.reads_summaries() => {
                front::summary_files(&self.store, year)
                    .await
                    .map(|listed| Some(json(200, &listed)))
            }
            Route::SummaryFile(year, name) if role.reads_summaries() => {
                front::summary_file(&self.store, year, &name)
                    .await
                    .map(|object| {
                        Some(match object {
                            Some(object) => bytes(200, content_type(&name), object.bytes),
                            None => refused(&Refusal::NotFound),
                        })
                    })
            }
            Route::Decision(year, on) if role.records_decisions() => {
                return self.record(year, on, body).await;
            }
            Route::SummaryFiles(_) | Route::SummaryFile(..) | Route::Decision(..) => Ok(None),
        };
        match done {
            Ok(Some(answer)) => answer,
            Ok(None) => refused(&Refusal::NotYours),
            Err(error) => {
                warn!(error = %error, "the front door could not finish");
                refused(&Refusal::Unavailable)
            }
        }
    }

    /// A report sent by a region's or RCC's user.
    async fn submit(&self, role: Role, year: Year, username: &str, body: &[u8]) -> Answer {
        if !role.uploads_reports() {
            return refused(&Refusal::NotYours);
        }
        if body.len() > MAX_BODY_BYTES {
            return refused(&Refusal::TooLarge {
                max: MAX_BODY_BYTES,
            });
        }
        // Transport, not judgement: bytes that are no JSON at all are no report to store. A
        // JSON document with faults is stored and rejected with a notification, as any upload.
        if serde_json::from_slice::<serde::de::IgnoredAny>(body).is_err() {
            return refused(&Refusal::NotJson);
        }
        let uploader = format!("cognito:{username}");
        match front::submit(
            &self.store,
            &self.announcer,
            role,
            year,
            body.to_vec(),
            &uploader,
        )
        .await
        {
            Ok(Some(submitted)) => {
                let Ok(notification) = std::str::from_utf8(&submitted.notification)
                    .map_err(|_| ())
                    .and_then(|text| RawValue::from_string(text.to_owned()).map_err(|_| ()))
                else {
                    return refused(&Refusal::Unavailable);
                };
                json(
                    201,
                    &SubmittedBody {
                        key: &submitted.key,
                        version: submitted.version.as_deref(),
                        received: submitted.received.to_string(),
                        notification_id: &submitted.notification_id,
                        notification,
                    },
                )
            }
            Ok(None) => refused(&Refusal::NotYours),
            Err(error) => {
                warn!(error = %error, "an upload through the front door could not finish");
                refused(&Refusal::Unavailable)
            }
        }
    }

    /// A decision an assessor records: read by the kernel first, stored only if it reads.
    async fn record(&self, year: Year, on: DecisionOn, body: &[u8]) -> Answer {
        if body.len() > MAX_BODY_BYTES {
            return refused(&Refusal::TooLarge {
                max: MAX_BODY_BYTES,
            });
        }
        let rejection = match on {
            DecisionOn::Region(region) => Decision::parse_for(body, year, region).err(),
            DecisionOn::Payment(payment) => PaymentDecision::parse_for(body, year, payment).err(),
        };
        if let Some(rejection) = rejection {
            let errors: Vec<Fault> = rejection
                .errors
                .iter()
                .map(|e| Fault {
                    path: e.path.to_string(),
                    message_sv: e.reason.swedish().to_string(),
                    message: e.reason.to_string(),
                })
                .collect();
            return json(
                400,
                &Faults {
                    error: "decision_not_valid",
                    message_sv: "Beslutet kunde inte läsas; inget sparades.",
                    message: "The decision could not be read; nothing was stored.",
                    errors,
                },
            );
        }
        match front::record_decision(&self.store, year, on, body.to_vec()).await {
            Ok(key) => json(200, &Recorded { key }),
            Err(error) => {
                warn!(error = %error, "a decision through the front door could not be stored");
                refused(&Refusal::Unavailable)
            }
        }
    }
}

/// `GET /config`.
#[derive(Serialize)]
struct Config<'a> {
    schema: &'static str,
    cognito_endpoint: &'a str,
    client_id: &'a str,
    max_body_bytes: usize,
}

/// The answer to an upload.
#[derive(Serialize)]
struct SubmittedBody<'a> {
    key: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
    received: String,
    notification_id: &'a str,
    notification: Box<RawValue>,
}

/// A decision stored.
#[derive(Serialize)]
struct Recorded {
    key: String,
}

/// A document refused with its faults.
#[derive(Serialize)]
struct Faults {
    error: &'static str,
    message_sv: &'static str,
    message: &'static str,
    errors: Vec<Fault>,
}

/// One fault of a refused document.
#[derive(Serialize)]
struct Fault {
    path: String,
    message_sv: String,
    message: String,
}

/// The HTTP status of a refusal.
fn status(refusal: &Refusal) -> u16 {
    match refusal {
        Refusal::Token(_) => 401,
        Refusal::Role(_) | Refusal::NotYours | Refusal::Origin => 403,
        Refusal::NotFound => 404,
        Refusal::Method => 405,
        Refusal::TooLarge { .. } => 413,
        Refusal::NotJson | Refusal::NotPlainAddress => 400,
        Refusal::Unavailable => 503,
    }
}

fn refused(refusal: &Refusal) -> Answer {
    let mut answer = json(status(refusal), &refusal.body());
    if matches!(refusal, Refusal::Token(_)) {
        answer
            .headers
            .push(("www-authenticate", "Bearer".to_owned()));
    }
    answer
}

fn json(status: u16, value: &impl Serialize) -> Answer {
    match serde_json::to_vec_pretty(value) {
        Ok(body) => bytes(status, "application/json", body),
        Err(_) => bytes(
            500,
            "text/plain",
            b"svf could not write its answer".to_vec(),
        ),
    }
}

fn bytes(status: u16, content_type: &'static str, body: Vec<u8>) -> Answer {
    Answer {
        status,
        content_type,
        headers: Vec::new(),
        body,
    }
}

/// The content type of a summary file by its name.
fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, extension)| extension) {
        Some("json") => "application/json",
        Some("html") => "text/html; charset=utf-8",
        Some("tsv") => "text/tab-separated-values; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/octet-stream",
    }
}
