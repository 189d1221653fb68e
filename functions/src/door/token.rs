//! A user's access token, verified against the agency's Cognito user pool: signed with RS256 by
//! one of the pool's keys (its JWKS), issued by the pool, to the front door's app client, for
//! access, and not expired. What the token says of the user's groups becomes a [`Role`].
//!
//! The checks are the ones AWS documents for a Cognito access token ("Verifying a JSON web
//! token"): the signature by the key the header's `kid` names, `iss`, `client_id` (an access
//! token has no `aud`), `token_use` = `access`, `exp` (60 seconds of leeway for clocks).

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use serde::Deserialize;

use crate::contract::access::{Role, RoleError};
use crate::present::front::TokenProblem;

/// Checks tokens against one pool and one app client.
///
/// Invariant: `keys` are the pool's RSA keys by their `kid`, read once (the function fetches
/// the JWKS at its start; Cognito does not rotate a pool's keys).
pub struct Verifier {
    issuer: String,
    client_id: String,
    keys: Vec<(String, DecodingKey)>,
}

/// A user the pool vouches for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    /// The pool's user name (kept with an upload as who sent it).
    pub username: String,
    /// What the user's groups make them, or why they make nothing.
    pub role: Result<Role, RoleError>,
}

/// Why a pool's JWKS cannot be used.
#[derive(Debug)]
pub struct JwksError(pub String);

impl std::fmt::Display for JwksError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the user pool's keys (JWKS) cannot be used: {}", self.0)
    }
}

impl std::error::Error for JwksError {}

/// The claims of a Cognito access token the door reads.
#[derive(Deserialize)]
struct Claims {
    token_use: String,
    #[serde(default)]
    client_id: Option<String>,
    #[serde(default)]
    username: Option<String>,
    #[serde(rename = "cognito:groups", default)]
    groups: Vec<String>,
}

impl Verifier {
    /// A verifier of tokens that `issuer` (`https://cognito-idp.{region}.amazonaws.com/{pool}`)
    /// signs with the keys of `jwks` for the app client `client_id`.
    ///
    /// # Errors
    /// [`JwksError`] when the JWKS is not JSON or has no RSA key with a `kid`.
    pub fn new(issuer: &str, client_id: &str, jwks: &[u8]) -> Result<Verifier, JwksError> {
        let set: JwkSet = serde_json::from_slice(jwks).map_err(|e| JwksError(e.to_string()))?;
        let mut keys = Vec::new();
        for jwk in &set.keys {
            let Some(kid) = jwk.common.key_id.clone() else {
                continue;
            };
            if let jsonwebtoken::jwk::AlgorithmParameters::RSA(_) = jwk.algorithm {
                let key = DecodingKey::from_jwk(jwk).map_err(|e| JwksError(e.to_string()))?;
                keys.push((kid, key));
            }
        }
        if keys.is_empty() {
            return Err(JwksError("no RSA key with a kid".to_owned()));
        }
        Ok(Verifier {
            issuer: issuer.to_owned(),
            client_id: client_id.to_owned(),
            keys,
        })
    }

    /// The user an `Authorization` header's bearer token names.
    ///
    /// # Errors
    /// [`TokenProblem`]: missing, not signed by the pool, expired, another pool's or app's, not
    /// an access token.
    pub fn verify(&self, authorization: Option<&str>) -> Result<User, TokenProblem> {
        let token = authorization
            .and_then(|value| {
                let (scheme, token) = value.trim().split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
            })
            .filter(|token| !token.is_empty())
            .ok_or(TokenProblem::Missing)?;
        let header = decode_header(token).map_err(|_| TokenProblem::Signature)?;
        let key = header
            .kid
            .as_deref()
            .and_then(|kid| self.keys.iter().find(|(k, _)| k == kid))
            .map(|(_, key)| key)
            .ok_or(TokenProblem::Signature)?;
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_issuer(&[&self.issuer]);
        validation.set_required_spec_claims(&["exp", "iss"]);
        // An access token names its app in `client_id`, checked below; it has no `aud`.
        validation.validate_aud = false;
        let claims = decode::<Claims>(token, key, &validation)
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => TokenProblem::Expired,
                ErrorKind::InvalidIssuer => TokenProblem::Issuer,
                _ => TokenProblem::Signature,
            })?
            .claims;
        if claims.token_use != "access" {
            return Err(TokenProblem::Use);
        }
        if claims.client_id.as_deref() != Some(self.client_id.as_str()) {
            return Err(TokenProblem::Client);
        }
        Ok(User {
            username: claims.username.unwrap_or_default(),
            role: Role::from_groups(&claims.groups),
        })
    }
}
