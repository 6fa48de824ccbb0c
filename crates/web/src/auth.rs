//! Who is asking and what they may do: password and secret hashing (argon2id, off the async
//! threads), API tokens, the session login, the [`CurrentUser`] extractor and the permission
//! rules of each role over agencies.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use gongkai_core::case::Event;
use gongkai_store::{Actor, AgencyId, Role, StaffUser};
use sha2::{Digest, Sha256};
use std::sync::OnceLock;
use tokio::sync::Semaphore;
use tower_sessions::Session;

use crate::AppState;
use crate::error::{Error, Result};

/// The session key of the logged-in user's id.
pub(crate) const USER_KEY: &str = "user_id";
/// The session key of the credential version the user logged in with (see
/// [`StaffUser::credential_version`]).
pub(crate) const CREDENTIAL_KEY: &str = "credential_version";

/// Argon2 is costly on purpose, in CPU and in memory (19 MiB per hash). At most one hash per
/// core runs at a time, so a burst of logins or submissions queues here instead of thrashing
/// the machine and running it out of memory. Process-wide, because the cores are.
fn hashing_slots() -> &'static Semaphore {
    static SLOTS: OnceLock<Semaphore> = OnceLock::new();
    SLOTS.get_or_init(|| Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())))
}

/// Runs one argon2 computation on a blocking thread, when a hashing slot is free.
async fn with_hashing_slot<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    let _slot = hashing_slots().acquire().await.map_err(Error::internal)?;
    tokio::task::spawn_blocking(work).await.map_err(Error::internal)
}

/// Hashes a password or an applicant's secret (argon2id, random salt) on a blocking thread.
pub async fn hash_secret(secret: String) -> Result<String> {
    with_hashing_slot(move || {
        Argon2::default().hash_password(secret.as_bytes()).map(|h| h.to_string()).map_err(Error::internal)
    })
    .await?
}

/// Checks a password against a PHC string on a blocking thread; a malformed hash never matches.
pub async fn verify_secret(secret: String, hash: String) -> bool {
    with_hashing_slot(move || {
        PasswordHash::new(&hash).is_ok_and(|h| Argon2::default().verify_password(secret.as_bytes(), &h).is_ok())
    })
    .await
    .unwrap_or(false)
}

/// The same as [`hash_secret`], blocking (for the command line).
pub fn hash_secret_blocking(secret: &str) -> Result<String> {
    Argon2::default().hash_password(secret.as_bytes()).map(|h| h.to_string()).map_err(Error::internal)
}

/// Bytes as lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `n` random bytes as lowercase hex.
pub fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    hex(&bytes)
}

/// A tracking secret for an application registered at the counter: 12 characters of an
/// alphabet without look-alikes (no 0/O, 1/I/L), in groups of four, to be read off a printed
/// receipt and typed back (≈ 58 bits).
pub fn new_receipt_secret() -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    let chars: Vec<char> = bytes.iter().map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()])).collect();
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// A new API token: `gk_` and 32 random bytes. Shown once; only its hash is stored.
pub fn new_api_token() -> String {
    format!("gk_{}", random_hex(32))
}

/// The stored form of an API token.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Minimum password length for staff accounts.
pub const MIN_PASSWORD: usize = 8;

/// The person (or API token) behind a request, with what it may reach.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// The login name, or `token:<id>` for an API token (recorded as the actor).
    pub name: String,
    pub display_name: String,
    pub agency: AgencyId,
    pub role: Role,
    /// The agencies it may read: its own, and for 督查 every agency under it.
    pub readable: Vec<AgencyId>,
}

/// What someone may want to do; [`CurrentUser::may`] decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Queue, case pages (masked for 督查), reports.
    Read,
    /// Full personal data (only staff of the handling agency, never 督查).
    ReadPersonal,
    /// Register an application; log a consultation.
    Register,
    /// Confirm receipt.
    ConfirmReceipt,
    /// 补正, 征求意见, fees, withdrawal; answering consultations.
    Handle,
    /// Extension and reply (答复).
    Approve,
    /// Accounts, tokens, guide.
    Administer,
}

impl Permission {
    /// The permission an event needs.
    pub fn for_event(e: &Event) -> Permission {
        match e {
            Event::ConfirmReceipt { .. } => Permission::ConfirmReceipt,
            Event::ApproveExtension { .. } | Event::Answer { .. } => Permission::Approve,
            _ => Permission::Handle,
        }
    }
}

/// Whether a role holds a permission (inside its own agency).
pub fn role_may(role: Role, p: Permission) -> bool {
    use Permission::*;
    match role {
        Role::Supervisor => p == Read,
        Role::Registrar => matches!(p, Read | ReadPersonal | Register | ConfirmReceipt),
        Role::Handler => matches!(p, Read | ReadPersonal | Register | ConfirmReceipt | Handle),
        Role::Approver => matches!(p, Read | ReadPersonal | Register | ConfirmReceipt | Handle | Approve),
        Role::Admin => true,
    }
}

impl CurrentUser {
    pub fn actor(&self) -> Actor {
        Actor::new(self.name.clone()).unwrap_or_else(|_| Actor::new("web").expect("a valid actor"))
    }

    /// Whether the user may do `p` on the records of `agency`.
    pub fn may(&self, p: Permission, agency: &AgencyId) -> bool {
        if !role_may(self.role, p) {
            return false;
        }
        if p == Permission::Read { self.readable.contains(agency) } else { &self.agency == agency }
    }

    /// Whether the user may record `event` on a case of `agency`: its own permission, or, for a
    /// step that sends a letter, a handler's right to draft it for an approver to sign.
    pub fn may_record(&self, event: &Event, agency: &AgencyId) -> bool {
        self.may(Permission::for_event(event), agency) || self.drafts(event, agency)
    }

    /// Whether recording `event` makes a draft (拟稿) rather than the step itself: a step that
    /// sends a letter in the agency's name (the answer, 补正, 征求第三方意见, 延期) by someone
    /// who may handle the case but not sign its letters.
    pub fn drafts(&self, event: &Event, agency: &AgencyId) -> bool {
        event.signed_letter().is_some()
            && self.may(Permission::Handle, agency)
            && !self.may(Permission::Approve, agency)
    }

    /// [`CurrentUser::may`] or [`Error::Forbidden`].
    pub fn require(&self, p: Permission, agency: &AgencyId) -> Result<()> {
        if self.may(p, agency) { Ok(()) } else { Err(Error::Forbidden) }
    }

    pub(crate) async fn of_staff(state: &AppState, user: StaffUser) -> Result<CurrentUser> {
        let readable = if user.role == Role::Supervisor {
            state.store.agency_and_descendants(&user.agency).await?
        } else {
            vec![user.agency.clone()]
        };
        Ok(CurrentUser {
            name: user.name,
            display_name: user.display_name,
            agency: user.agency,
            role: user.role,
            readable,
        })
    }
}

/// The logged-in staff member of a console request (401 page otherwise).
impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let session = Session::from_request_parts(parts, state).await.map_err(|(_, m)| Error::internal(m))?;
        let id: Option<i64> = session.get(USER_KEY).await.map_err(Error::internal)?;
        let Some(id) = id else { return Err(Error::Unauthenticated) };
        let version: Option<i64> = session.get(CREDENTIAL_KEY).await.map_err(Error::internal)?;
        match state.store.user(id).await? {
            // A disabled account, or a password changed since this login, ends the session.
            Some(user) if user.active && version == Some(user.credential_version) => {
                CurrentUser::of_staff(state, user).await
            }
            _ => {
                session.flush().await.map_err(Error::internal)?;
                Err(Error::Unauthenticated)
            }
        }
    }
}

/// The caller of a staff API route, authenticated by `Authorization: Bearer <token>`.
#[derive(Debug, Clone)]
pub struct ApiCaller(pub CurrentUser);

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = crate::error::ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let header = parts.headers.get(axum::http::header::AUTHORIZATION).and_then(|v| v.to_str().ok());
        let Some(token) = header.and_then(|h| h.strip_prefix("Bearer ")).map(str::trim) else {
            return Err(Error::Unauthenticated.into());
        };
        let Some(grant) = state.store.token_by_hash(&token_hash(token)).await? else {
            return Err(Error::Unauthenticated.into());
        };
        let readable = if grant.role == Role::Supervisor {
            state.store.agency_and_descendants(&grant.agency).await?
        } else {
            vec![grant.agency.clone()]
        };
        Ok(ApiCaller(CurrentUser {
            name: format!("token:{}", grant.id),
            display_name: grant.label,
            agency: grant.agency,
            role: grant.role,
            readable,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The permission table of the roles, as the issue states it.
    #[test]
    fn roles_hold_exactly_their_permissions() {
        use Permission::*;
        let all = [Read, ReadPersonal, Register, ConfirmReceipt, Handle, Approve, Administer];
        let table: [(Role, &[Permission]); 5] = [
            (Role::Registrar, &[Read, ReadPersonal, Register, ConfirmReceipt]),
            (Role::Handler, &[Read, ReadPersonal, Register, ConfirmReceipt, Handle]),
            (Role::Approver, &[Read, ReadPersonal, Register, ConfirmReceipt, Handle, Approve]),
            (Role::Admin, &all),
            (Role::Supervisor, &[Read]),
        ];
        for (role, granted) in table {
            for p in all {
                assert_eq!(role_may(role, p), granted.contains(&p), "{role:?} {p:?}");
            }
        }
    }

    #[test]
    fn supervisors_read_below_but_write_nowhere() {
        let a = AgencyId::new("city").unwrap();
        let b = AgencyId::new("city-housing").unwrap();
        let sup = CurrentUser {
            name: "s".into(),
            display_name: "s".into(),
            agency: a.clone(),
            role: Role::Supervisor,
            readable: vec![a.clone(), b.clone()],
        };
        assert!(sup.may(Permission::Read, &b));
        assert!(!sup.may(Permission::ReadPersonal, &a));
        assert!(!sup.may(Permission::Register, &a));
        let admin = CurrentUser { role: Role::Admin, readable: vec![b.clone()], agency: b.clone(), ..sup };
        assert!(admin.may(Permission::Approve, &b));
        assert!(!admin.may(Permission::Read, &a), "agencies are isolated");
    }

    #[test]
    fn tokens_hash_stably() {
        let t = new_api_token();
        assert!(t.starts_with("gk_") && t.len() == 67);
        assert_eq!(token_hash(&t), token_hash(&t));
        assert_ne!(token_hash(&t), token_hash("gk_other"));
    }
}
