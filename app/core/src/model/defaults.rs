//! The small functions serde's `default` and `skip_serializing_if` attributes
//! name, shared by the kinds and their value types.

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
pub(super) fn is_false(b: &bool) -> bool {
    !*b
}
#[allow(clippy::trivially_copy_pass_by_ref)]
pub(super) fn is_true(b: &bool) -> bool {
    *b
}
pub(super) fn yes() -> bool {
    true
}
#[allow(clippy::trivially_copy_pass_by_ref)]
pub(super) fn is_zero(n: &u32) -> bool {
    *n == 0
}
#[allow(clippy::trivially_copy_pass_by_ref)]
pub(super) fn is_one(n: &u32) -> bool {
    *n == 1
}
pub(super) fn one() -> u32 {
    1
}
pub(super) fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}
pub(super) fn star() -> String {
    "*".to_owned()
}
pub(super) fn is_star(s: &String) -> bool {
    s == "*"
}
pub(super) fn default_namespace() -> String {
    "default".to_owned()
}
pub(super) fn is_default_namespace(s: &String) -> bool {
    s == "default"
}
/// Let's Encrypt production directory.
pub const ACME_PRODUCTION: &str = "https://acme-v02.api.letsencrypt.org/directory";
/// Let's Encrypt staging directory.
pub const ACME_STAGING: &str = "https://acme-staging-v02.api.letsencrypt.org/directory";
pub(super) fn acme_production() -> String {
    ACME_PRODUCTION.to_owned()
}
pub(super) fn is_acme_production(s: &String) -> bool {
    s == ACME_PRODUCTION
}
