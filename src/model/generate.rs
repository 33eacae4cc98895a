//! Deterministic generated deployments for benchmarks (`Get-CsUser | Move-CsUser` over 100,000
//! users). The same `n` always gives the same deployment, byte for byte.

use super::Deployment;
use super::default::{DOMAIN, FRONT_END_POOL, litware_users, litware_with_users};
use super::users::User;

/// Number of generated users in `fixtures/deployments/large.json`.
pub const LARGE_USERS: usize = 100_000;

/// Litware plus `n` generated users `User 000001` … (`sip:user000001@litwareinc.com`), all homed
/// on `atl-cs-001.litwareinc.com` in `OU=Bulk`, with every field at its default so each record
/// serializes small.
pub fn large(n: usize) -> Deployment {
    let mut users = litware_users();
    users.reserve(n);
    let ou = "OU=Bulk,DC=litwareinc,DC=com";
    for i in 1..=n {
        let sam = format!("user{i:06}");
        let display = format!("User {i:06}");
        users.push(User::on_premises(
            &display,
            &sam,
            DOMAIN,
            ou,
            FRONT_END_POOL,
        ));
    }
    litware_with_users(users)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_users_resolve() {
        let d = large(1000);
        assert_eq!(d.users.len(), litware_users().len() + 1000);
        assert!(d.resolve_lync_user("sip:user000777@litwareinc.com").is_ok());
        assert!(d.resolve_lync_user("litwareinc\\user001000").is_ok());
        assert!(
            d.resolve_lync_user("sip:user001001@litwareinc.com")
                .is_err()
        );
    }
}
