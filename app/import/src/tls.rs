//! The one TLS crypto back-end: rustls with ring, installed as the process's
//! default provider before any HTTP client (ours or `azure_identity`'s) is built.

/// Installs ring as rustls's process-wide crypto provider; later calls, and a
/// provider some other part of the process installed first, are fine.
pub(crate) fn install_crypto() {
    // `install_default` fails only when a provider is already installed.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

#[cfg(test)]
mod tests {
    #[test]
    fn clients_build_on_the_ring_provider() {
        super::install_crypto();
        let provider = rustls::crypto::CryptoProvider::get_default().expect("a provider is installed");
        assert!(!provider.cipher_suites.is_empty());
        // reqwest without a built-in provider builds its TLS config from the installed one.
        assert!(reqwest::Client::builder().build().is_ok());
        // Installing again is harmless.
        super::install_crypto();
    }
}
