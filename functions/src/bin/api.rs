//! Lambda function `api`: the front door (contract §10), served as a function URL. Every call
//! is verified against the agency's Cognito user pool and answered by
//! [`svf_functions::door::Door`]; this main only reads its settings, fetches the pool's keys
//! once, and adapts `lambda_http`'s requests and responses.
//!
//! Settings (the template sets them): `SVF_BUCKET`, `SVF_TOPIC_ARN`, `SVF_COGNITO_ISSUER`
//! (`https://cognito-idp.{region}.amazonaws.com/{pool}`), `SVF_COGNITO_CLIENT_ID`,
//! `SVF_PAGE_ORIGIN` (the one origin browsers may call from; empty: none). Optional, for an
//! emulated pool: `SVF_COGNITO_JWKS_URL` (default: the issuer's `/.well-known/jwks.json`) and
//! `SVF_COGNITO_ENDPOINT` (default: the region's `https://cognito-idp.{region}.amazonaws.com/`).

use std::sync::Arc;

use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use lambda_http::{Body, Error, Request, Response, service_fn, tracing};
use svf_functions::door::token::Verifier;
use svf_functions::door::{self, Door, Site};
use svf_functions::store::aws::{S3Store, SnsAnnouncer, s3_client};

/// A setting the function cannot start without.
fn setting(name: &str) -> Result<String, Error> {
    std::env::var(name)
        .ok()
        .filter(|value| !value.is_empty())
        .ok_or_else(|| format!("the setting {name} is missing").into())
}

/// The pool's keys, fetched once when the function starts.
async fn jwks(url: &str) -> Result<Vec<u8>, Error> {
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_native_roots()?
        .https_or_http()
        .enable_http1()
        .build();
    let client: Client<_, Empty<bytes::Bytes>> = Client::builder(TokioExecutor::new()).build(https);
    let response = client.get(url.parse()?).await?;
    if !response.status().is_success() {
        return Err(format!("{url}: the pool's keys answered {}", response.status()).into());
    }
    Ok(response.into_body().collect().await?.to_bytes().to_vec())
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing::init_default_subscriber();
    let config = aws_config::load_from_env().await;
    let bucket = setting("SVF_BUCKET")?;
    let issuer = setting("SVF_COGNITO_ISSUER")?;
    let client_id = setting("SVF_COGNITO_CLIENT_ID")?;
    let jwks_url = std::env::var("SVF_COGNITO_JWKS_URL")
        .ok()
        .filter(|url| !url.is_empty())
        .unwrap_or_else(|| format!("{}/.well-known/jwks.json", issuer.trim_end_matches('/')));
    let region = config.region().map(ToString::to_string).unwrap_or_default();
    let site = Site {
        cognito_endpoint: std::env::var("SVF_COGNITO_ENDPOINT")
            .ok()
            .filter(|url| !url.is_empty())
            .unwrap_or_else(|| format!("https://cognito-idp.{region}.amazonaws.com/")),
        client_id: client_id.clone(),
        page_origin: std::env::var("SVF_PAGE_ORIGIN")
            .ok()
            .filter(|origin| !origin.is_empty()),
    };
    let verifier = Verifier::new(&issuer, &client_id, &jwks(&jwks_url).await?)?;
    let announcer = SnsAnnouncer::from_env(&config);
    let store = S3Store::new(s3_client(&config), bucket);
    let door = Arc::new(Door::new(store, announcer, verifier, site));
    lambda_http::run(service_fn(move |request: Request| {
        let door = Arc::clone(&door);
        async move {
            let header = |name: &str| {
                request
                    .headers()
                    .get(name)
                    .and_then(|value| value.to_str().ok())
            };
            let answer = door
                .answer(door::Request {
                    method: request.method().as_str(),
                    path: request.uri().path(),
                    authorization: header("authorization"),
                    origin: header("origin"),
                    body: request.body().as_ref(),
                })
                .await;
            let mut response = Response::builder()
                .status(answer.status)
                .header("content-type", answer.content_type)
                .header("cache-control", "no-store");
            for (name, value) in answer.headers {
                response = response.header(name, value);
            }
            Ok::<_, Error>(response.body(Body::from(answer.body))?)
        }
    }))
    .await
}
