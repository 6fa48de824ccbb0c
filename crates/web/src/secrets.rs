//! Tracking secrets (查询密码) that applicants and askers choose: how they are kept at rest and
//! checked.
//!
//! A secret a person chooses may be a password they use elsewhere, so what is stored must not
//! be cheap to reverse. argon2id is that, and costs about 35 ms of a core, which on two cores
//! caps submissions near 55 a second: 200 concurrent submitters would each wait seconds. So a
//! submission stores an *interim* hash, HMAC-SHA256 under this node's [`SecretKey`] (kept in a
//! file beside the data, never in the database) with a salt of its own, and answers at once; a
//! worker thread at the lowest CPU priority then replaces it with argon2id, using the time the
//! requests leave. A copy of the database alone tells nothing about a secret either way (it
//! lacks the key); once upgraded, not even the key helps. A secret still interim (the worker
//! was behind or the node restarted) is upgraded the next time it is verified.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex};

use gongkai_store::{SecretOwner, Store};
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use tokio::sync::{mpsc, oneshot};

use crate::auth::{hash_secret_blocking, hex, random_hex, verify_secret};

/// How an interim hash starts: `$gongkai-hmac-sha256$v=1$<salt hex>$<mac hex>`.
const INTERIM_PREFIX: &str = "$gongkai-hmac-sha256$v=1$";

/// Secrets waiting for their argon2id hash; beyond this, an upgrade waits for the next
/// verification of that secret.
const UPGRADE_QUEUE: usize = 10_000;

/// The node's key for interim hashes: 32 random bytes. Every node of a deployment that shares a
/// database must use the same key (a secret sealed on one node is checked on another).
#[derive(Clone)]
pub struct SecretKey([u8; 32]);

impl SecretKey {
    /// A new random key (tests, or a node whose interim hashes need not outlive it).
    pub fn random() -> SecretKey {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).expect("the operating system provides randomness");
        SecretKey(key)
    }

    /// The key in `path` (64 hex digits), or a new one written there (readable by the owner only)
    /// when the file does not exist.
    pub fn load_or_create(path: &Path) -> std::io::Result<SecretKey> {
        use std::io::{Error, ErrorKind, Write};
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let key = from_hex(text.trim()).and_then(|b| <[u8; 32]>::try_from(b).ok()).ok_or_else(|| {
                    Error::new(ErrorKind::InvalidData, format!("{} does not hold 64 hex digits", path.display()))
                })?;
                Ok(SecretKey(key))
            }
            Err(e) if e.kind() == ErrorKind::NotFound => {
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::create_dir_all(parent)?;
                }
                let key = SecretKey::random();
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                let mut file = options.open(path)?;
                writeln!(file, "{}", hex(&key.0))?;
                file.sync_all()?;
                Ok(key)
            }
            Err(e) => Err(e),
        }
    }

    fn mac(&self, salt: &str, secret: &str) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0).expect("HMAC takes a key of any length");
        mac.update(&(salt.len() as u64).to_le_bytes());
        mac.update(salt.as_bytes());
        mac.update(secret.as_bytes());
        mac
    }
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(..)")
    }
}

/// One secret waiting for its argon2id hash.
struct Upgrade {
    owner: SecretOwner,
    interim: String,
    secret: String,
}

/// Seals new secrets, checks offered ones, and upgrades interim hashes in the background.
pub struct TrackingSecrets {
    key: SecretKey,
    upgrades: mpsc::Sender<Upgrade>,
    /// Owners with an upgrade queued: a secret verified many times before its upgrade is done
    /// is queued once.
    queued: Arc<Mutex<HashSet<SecretOwner>>>,
    verified: Arc<VerifiedSecrets>,
}

impl std::fmt::Debug for TrackingSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrackingSecrets").finish_non_exhaustive()
    }
}

impl TrackingSecrets {
    /// Starts the upgrade worker (a task of the current runtime and one low-priority thread).
    pub fn start(key: SecretKey, store: Store) -> TrackingSecrets {
        let (upgrades, mut queue) = mpsc::channel::<Upgrade>(UPGRADE_QUEUE);
        let (to_hasher, hasher) = std::sync::mpsc::channel::<(String, oneshot::Sender<Option<String>>)>();
        let spawned = std::thread::Builder::new().name("secret-upgrade".into()).spawn(move || {
            lowest_priority();
            for (secret, answer) in hasher {
                let hash = hash_secret_blocking(&secret)
                    .inspect_err(|e| tracing::warn!(error = %e, "argon2 hashing of a tracking secret failed"))
                    .ok();
                let _ = answer.send(hash);
            }
        });
        if let Err(e) = spawned {
            tracing::error!(error = %e, "cannot start the secret upgrade thread; interim hashes stay");
        }
        let queued: Arc<Mutex<HashSet<SecretOwner>>> = Arc::default();
        let verified = Arc::new(VerifiedSecrets::new());
        let (worker_queued, worker_verified) = (queued.clone(), verified.clone());
        tokio::spawn(async move {
            while let Some(u) = queue.recv().await {
                let (answer, hashed) = oneshot::channel();
                if to_hasher.send((u.secret.clone(), answer)).is_err() {
                    break;
                }
                if let Ok(Some(stronger)) = hashed.await {
                    match store.upgrade_secret_hash(u.owner, &u.interim, &stronger).await {
                        // Known good: the next verifications need not run argon2 (all at once,
                        // when many were waiting on this secret).
                        Ok(true) => worker_verified.remember(u.owner, &stronger, &u.secret),
                        Ok(false) => {}
                        Err(e) => {
                            tracing::warn!(error = %e, owner = ?u.owner, "storing the argon2 hash of a tracking secret failed")
                        }
                    }
                }
                worker_queued.lock().unwrap_or_else(|e| e.into_inner()).remove(&u.owner);
            }
        });
        TrackingSecrets { key, upgrades, queued, verified }
    }

    /// The interim hash to store for a new secret; pass it to [`TrackingSecrets::upgrade_later`]
    /// once it is stored.
    pub fn seal(&self, secret: &str) -> String {
        let salt = random_hex(16);
        let mac = hex(&self.key.mac(&salt, secret).finalize().into_bytes());
        format!("{INTERIM_PREFIX}{salt}${mac}")
    }

    /// Queues the argon2id hash of `secret` to replace the stored `interim` one. When the queue
    /// is full it is left for the next verification.
    pub fn upgrade_later(&self, owner: SecretOwner, interim: &str, secret: &str) {
        if !self.queued.lock().unwrap_or_else(|e| e.into_inner()).insert(owner) {
            return;
        }
        let upgrade = Upgrade { owner, interim: interim.to_string(), secret: secret.to_string() };
        if self.upgrades.try_send(upgrade).is_err() {
            self.queued.lock().unwrap_or_else(|e| e.into_inner()).remove(&owner);
            tracing::debug!(?owner, "secret upgrade queue full; upgrading at the next verification");
        }
    }

    /// Whether `secret` is the one `stored` was made from (interim or argon2id).
    pub async fn verify(&self, owner: SecretOwner, stored: &str, secret: &str) -> bool {
        if let Some(rest) = stored.strip_prefix(INTERIM_PREFIX) {
            let matches = rest.split_once('$').is_some_and(|(salt, mac)| {
                let Some(mac) = from_hex(mac) else { return false };
                self.key.mac(salt, secret).verify_slice(&mac).is_ok()
            });
            if matches {
                self.upgrade_later(owner, stored, secret);
            }
            return matches;
        }
        if self.verified.recalls(owner, stored, secret) {
            return true;
        }
        if !verify_secret(secret.to_string(), stored.to_string()).await {
            return false;
        }
        self.verified.remember(owner, stored, secret);
        true
    }
}

fn from_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return None;
    }
    (0..s.len() / 2).map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()).collect()
}

/// Lowers the calling thread to the lowest CPU priority (nice 19), so argon2 work yields to
/// requests; where that fails the work still runs, only at normal priority.
fn lowest_priority() {
    #[cfg(target_os = "linux")]
    if let Err(e) = rustix::process::setpriority_process(Some(rustix::thread::gettid()), 19) {
        tracing::warn!(error = %e, "cannot lower the priority of the secret upgrade thread");
    }
}

/// Secrets whose argon2id hash was verified recently, so that an applicant who reloads the
/// tracking page (or a client polling the API) is not charged a full argon2 verification each
/// time. Stores only a keyed SHA-256 of (stored hash, secret) under a key that lives in this
/// process alone: nothing here helps anyone who reads memory or the database to learn a
/// secret, a changed secret no longer matches, and a wrong guess always pays for argon2.
struct VerifiedSecrets {
    key: [u8; 32],
    seen: Mutex<HashMap<SecretOwner, [u8; 32]>>,
}

/// How many secrets are remembered; when full, the memory starts over.
const VERIFIED_CAPACITY: usize = 100_000;

impl VerifiedSecrets {
    fn new() -> VerifiedSecrets {
        VerifiedSecrets { key: SecretKey::random().0, seen: Mutex::new(HashMap::new()) }
    }

    fn digest(&self, hash: &str, secret: &str) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(self.key);
        h.update((hash.len() as u64).to_le_bytes());
        h.update(hash.as_bytes());
        h.update(secret.as_bytes());
        h.finalize().into()
    }

    fn recalls(&self, owner: SecretOwner, hash: &str, secret: &str) -> bool {
        let digest = self.digest(hash, secret);
        let seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.get(&owner).is_some_and(|d| constant_time_eq(d, &digest))
    }

    fn remember(&self, owner: SecretOwner, hash: &str, secret: &str) {
        let digest = self.digest(hash, secret);
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if seen.len() >= VERIFIED_CAPACITY {
            seen.clear();
        }
        seen.insert(owner, digest);
    }
}

fn constant_time_eq(a: &[u8; 32], b: &[u8; 32]) -> bool {
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_store::ApplicationId;

    #[test]
    fn key_files_round_trip_and_bad_ones_are_refused() {
        // Removed when dropped, also when an assertion fails.
        let dir = tempfile::Builder::new().prefix("gongkai-secret-key-").tempdir().unwrap();
        let path = dir.path().join("tracking-secret.key");
        let first = SecretKey::load_or_create(&path).unwrap();
        let again = SecretKey::load_or_create(&path).unwrap();
        assert_eq!(first.0, again.0);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        std::fs::write(&path, "not hex").unwrap();
        assert!(SecretKey::load_or_create(&path).is_err());
        assert!(format!("{first:?}") == "SecretKey(..)");
    }

    #[tokio::test]
    async fn sealed_secrets_verify_under_their_key_only() {
        let store = Store::open("sqlite::memory:").await.unwrap();
        let secrets = TrackingSecrets::start(SecretKey::random(), store.clone());
        let other = TrackingSecrets::start(SecretKey::random(), store);
        let owner = SecretOwner::Application(ApplicationId(1));
        let sealed = secrets.seal("我的查询密码");
        assert!(sealed.starts_with(INTERIM_PREFIX));
        assert_ne!(sealed, secrets.seal("我的查询密码"), "salted");
        assert!(secrets.verify(owner, &sealed, "我的查询密码").await);
        assert!(!secrets.verify(owner, &sealed, "我的查询密码 ").await);
        assert!(!other.verify(owner, &sealed, "我的查询密码").await);
        let damaged = format!("{}zz", &sealed[..sealed.len() - 2]);
        assert!(!secrets.verify(owner, &damaged, "我的查询密码").await);
        let argon = hash_secret_blocking("我的查询密码").unwrap();
        assert!(secrets.verify(owner, &argon, "我的查询密码").await);
        assert!(secrets.verify(owner, &argon, "我的查询密码").await, "remembered");
        assert!(!secrets.verify(owner, &argon, "别的").await);
    }
}
