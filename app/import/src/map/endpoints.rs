//! Where addresses and host names lead: design resources indexed by the IPs
//! and host names that reach them, for backends, origins and endpoints to
//! resolve.

use std::collections::HashMap;
use std::net::IpAddr;

use netdraft_core::Id;
use netdraft_core::model::{K8sService, Kind};

use super::{APIM, APP_GATEWAY, Mapper, PUBLIC_IP};
use crate::raw::{RawResource, arr, field, ref_field, str_field, strings};

/// Design resources by the IPs and host names that reach them, each list in
/// the order the resources were indexed (services, gateways, API Management,
/// public IPs), and public IPs by the App Gateway whose frontend they are.
#[derive(Default)]
pub(super) struct Endpoints {
    pub(super) by_ip: HashMap<IpAddr, Vec<Id>>,
    pub(super) by_host: HashMap<String, Vec<Id>>,
    /// Lower-cased ARM id of a public IP → the App Gateway it is the frontend of.
    pub(super) gateway_of_ip: HashMap<String, Id>,
}

/// An address as found in a backend or origin: an IP, or a host name
/// (lower-cased, without a trailing dot).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Address {
    Ip(IpAddr),
    Host(String),
}

impl Address {
    pub(super) fn parse(text: &str) -> Option<Address> {
        let t = text.trim().trim_start_matches('[').trim_end_matches(']');
        if t.is_empty() {
            return None;
        }
        Some(match t.parse::<IpAddr>() {
            Ok(ip) => Address::Ip(ip),
            Err(_) => Address::Host(t.trim_end_matches('.').to_ascii_lowercase()),
        })
    }

    /// The host of a URL (`https://10.1.3.200:8443/api` → `10.1.3.200`).
    pub(super) fn of_url(text: &str) -> Option<Address> {
        let url = url::Url::parse(text.trim()).ok()?;
        match url.host()? {
            url::Host::Ipv4(ip) => Some(Address::Ip(IpAddr::V4(ip))),
            url::Host::Ipv6(ip) => Some(Address::Ip(IpAddr::V6(ip))),
            url::Host::Domain(d) => Address::parse(d),
        }
    }
}

impl std::fmt::Display for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Address::Ip(ip) => write!(f, "{ip}"),
            Address::Host(h) => f.write_str(h),
        }
    }
}

impl Endpoints {
    pub(super) fn add_ip(&mut self, ip: IpAddr, id: &Id) {
        let v = self.by_ip.entry(ip).or_default();
        if !v.contains(id) {
            v.push(id.clone());
        }
    }

    pub(super) fn add_host(&mut self, host: &str, id: &Id) {
        if let Some(Address::Host(h)) = Address::parse(host) {
            let v = self.by_host.entry(h).or_default();
            if !v.contains(id) {
                v.push(id.clone());
            }
        }
    }

    pub(super) fn lookup(&self, a: &Address) -> &[Id] {
        match a {
            Address::Ip(ip) => self.by_ip.get(ip),
            Address::Host(h) => self.by_host.get(h),
        }
        .map_or(&[], Vec::as_slice)
    }
}

impl Mapper<'_> {
    /// Indexes what backends and origins can name: internal services by
    /// static IP, App Gateways by frontend IPs and their public IPs' FQDNs,
    /// API Management by gateway host, proxy host names and IPs, public IPs.
    pub(super) fn index_endpoints(&mut self) {
        let mut e = Endpoints::default();
        for (r, s) in self.design.all::<K8sService>() {
            if let (true, Some(ip)) = (s.internal, s.static_ip) {
                e.add_ip(ip, &r.id);
            }
        }
        let public_ip = |e: &mut Endpoints, p: &RawResource, id: &Id| {
            if let Some(ip) = str_field(&p.body, "ipAddress").and_then(|i| i.parse().ok()) {
                e.add_ip(ip, id);
            }
            if let Some(fqdn) = field(&p.body, "dnsSettings").and_then(|d| str_field(d, "fqdn")) {
                e.add_host(fqdn, id);
            }
        };
        for g in self.inv.of_type(APP_GATEWAY) {
            let Some(id) = self.resolve(Some(g.id.clone()), &[Kind::AppGateway]) else {
                continue;
            };
            for f in arr(&g.body, "frontendIPConfigurations") {
                if let Some(ip) = str_field(f, "privateIPAddress").and_then(|i| i.parse().ok()) {
                    e.add_ip(ip, &id);
                }
                if let Some(pip) = ref_field(f, "publicIPAddress") {
                    e.gateway_of_ip.insert(pip.to_ascii_lowercase(), id.clone());
                    if let Some(p) = self.inv.get(&pip) {
                        public_ip(&mut e, p, &id);
                    }
                }
            }
        }
        for a in self.inv.of_type(APIM) {
            let Some(id) = self.resolve(Some(a.id.clone()), &[Kind::ApiManagement]) else {
                continue;
            };
            if let Some(Address::Host(h)) = str_field(&a.body, "gatewayUrl").and_then(Address::of_url) {
                e.add_host(&h, &id);
            }
            for h in arr(&a.body, "hostnameConfigurations") {
                if str_field(h, "type").is_some_and(|t| t.eq_ignore_ascii_case("Proxy"))
                    && let Some(name) = str_field(h, "hostName")
                {
                    e.add_host(name, &id);
                }
            }
            for ip in strings(&a.body, "privateIPAddresses")
                .iter()
                .chain(&strings(&a.body, "publicIPAddresses"))
            {
                if let Ok(ip) = ip.parse() {
                    e.add_ip(ip, &id);
                }
            }
        }
        for p in self.inv.of_type(PUBLIC_IP) {
            if let Some(id) = self.resolve(Some(p.id.clone()), &[Kind::PublicIp]) {
                public_ip(&mut e, p, &id);
            }
        }
        self.endpoints = e;
    }

    /// The first design resource of one of `kinds` an address leads to.
    pub(super) fn first_of(&self, a: &Address, kinds: &[Kind]) -> Option<Id> {
        self.endpoints
            .lookup(a)
            .iter()
            .find(|id| self.design.get(id.as_str()).is_some_and(|r| kinds.contains(&r.kind())))
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_parse_from_hosts_and_urls() {
        let ip = |t: &str| Address::Ip(t.parse().unwrap());
        assert_eq!(Address::parse(" 10.1.3.200 "), Some(ip("10.1.3.200")));
        assert_eq!(Address::parse("[fd00::5]"), Some(ip("fd00::5")));
        assert_eq!(
            Address::parse("AppGW.Example.NET."),
            Some(Address::Host("appgw.example.net".into()))
        );
        assert_eq!(Address::parse(""), None);
        assert_eq!(Address::of_url("http://10.1.3.200:8080/orders"), Some(ip("10.1.3.200")));
        assert_eq!(Address::of_url("https://[fd00::5]/"), Some(ip("fd00::5")));
        assert_eq!(
            Address::of_url("https://API.contoso.example/v1"),
            Some(Address::Host("api.contoso.example".into()))
        );
        assert_eq!(Address::of_url("not a url"), None);
        assert_eq!(Address::of_url("urn:isbn:0451450523"), None);
    }
}
