//! A local ARM server for tests and the benchmark: a small HTTP/1.1 server on
//! 127.0.0.1:0 in a thread, serving fixture JSON by path, with faults that
//! can be switched on (throttling, server errors, 403, malformed JSON, a slow
//! response). It records every request so tests can check methods and headers.
//! It also answers Azure Resource Graph queries (POST to
//! `/providers/Microsoft.ResourceGraph/resources`) with the rows set by
//! [`Server::graph`], paged by an opaque `$skipToken`, like Resource Graph:
//! a query that does not project `id` gets one truncated page and no token.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::missing_panics_doc,
    clippy::needless_pass_by_value
)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

pub const SUB: &str = "0b1f6471-1bf0-4dda-aec3-111111111111";
pub const OTHER_SUB: &str = "9c2e0a55-77aa-4b1e-9d1e-222222222222";
/// The node resource group AKS made for `aks-prod`.
pub const NODE_RG: &str = "MC_rg-spoke1_aks-prod_westeurope";
/// The static IP of the internal LoadBalancer service in `aks-prod`.
pub const ILB_IP: &str = "10.1.3.200";
/// The Front Door profile, its WAF policy and the App Gateway's public IP FQDN.
pub const AFD: &str = "/subscriptions/0b1f6471-1bf0-4dda-aec3-111111111111/resourceGroups/rg-hub/providers/Microsoft.Cdn/profiles/afd-prod";
pub const AFD_WAF: &str = "/subscriptions/0b1f6471-1bf0-4dda-aec3-111111111111/resourceGroups/rg-hub/providers/Microsoft.Network/FrontDoorWebApplicationFirewallPolicies/wafprod";
pub const APPGW_FQDN: &str = "appgw-prod.westeurope.cloudapp.azure.com";

/// A fault on the first request (or every request) of one path.
#[derive(Debug, Clone)]
pub enum Fault {
    /// 429 with `Retry-After: 1` on the first request.
    ThrottleOnce,
    /// 503 on the first request.
    ServerErrorOnce,
    /// 403 always.
    Forbidden,
    /// A 200 whose body is not JSON.
    Malformed,
    /// Sleeps this long before answering.
    Slow(Duration),
}

#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub authorization: Option<String>,
    /// The request body (a Resource Graph query), as text.
    pub body: String,
}

/// The Resource Graph query path, lower-cased.
pub const GRAPH: &str = "/providers/microsoft.resourcegraph/resources";

#[derive(Default)]
struct State {
    /// Path (without query) lower-cased → list items.
    lists: HashMap<String, Vec<Value>>,
    /// Path lower-cased → one resource, answered as it is (a GET by id).
    objects: HashMap<String, Value>,
    faults: HashMap<String, Fault>,
    hits: HashMap<String, usize>,
    seen: Vec<Seen>,
    page_size: usize,
}

pub struct Server {
    pub base: String,
    state: Arc<Mutex<State>>,
}

impl Server {
    pub fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State {
            page_size: 2,
            ..State::default()
        }));
        let st = Arc::clone(&state);
        let b = base.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let st = Arc::clone(&st);
                let b = b.clone();
                std::thread::spawn(move || {
                    let _ = handle(stream, &st, &b);
                });
            }
        });
        Server { base, state }
    }

    pub fn list(&self, path: &str, items: Vec<Value>) {
        self.state
            .lock()
            .unwrap()
            .lists
            .insert(path.to_ascii_lowercase(), items);
    }

    /// One resource served at its id (ARM's `GET {id}`), not as a list.
    pub fn object(&self, path: &str, body: Value) {
        self.state
            .lock()
            .unwrap()
            .objects
            .insert(path.to_ascii_lowercase(), body);
    }

    pub fn fault(&self, path: &str, fault: Fault) {
        self.state
            .lock()
            .unwrap()
            .faults
            .insert(path.to_ascii_lowercase(), fault);
    }

    /// The rows every Resource Graph query gets (the server does not run KQL).
    pub fn graph(&self, rows: Vec<Value>) {
        self.list(GRAPH, rows);
    }

    pub fn page_size(&self, n: usize) {
        self.state.lock().unwrap().page_size = n;
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.state.lock().unwrap().seen.clone()
    }

    pub fn hits(&self, path: &str) -> usize {
        let st = self.state.lock().unwrap();
        st.hits.get(&path.to_ascii_lowercase()).copied().unwrap_or(0)
    }
}

fn handle(stream: TcpStream, state: &Mutex<State>, base: &str) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or("").to_owned();
        let target = parts.next().unwrap_or("/").to_owned();
        let mut authorization = None;
        let mut length = 0usize;
        loop {
            let mut h = String::new();
            reader.read_line(&mut h)?;
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                if k.eq_ignore_ascii_case("authorization") {
                    authorization = Some(v.trim().to_owned());
                }
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        let (path, query) = target.split_once('?').unwrap_or((&target, ""));
        let key = path.to_ascii_lowercase();
        let (status, extra, text, delay) = {
            let mut st = state.lock().unwrap();
            st.seen.push(Seen {
                method: method.clone(),
                path: path.to_owned(),
                authorization,
                body: String::from_utf8_lossy(&body).into_owned(),
            });
            let hit = {
                let h = st.hits.entry(key.clone()).or_default();
                *h += 1;
                *h
            };
            if method == "POST" && key == GRAPH {
                graph(&st, &key, &body, hit)
            } else {
                respond(&st, &key, path, query, hit, base)
            }
        };
        if let Some(d) = delay {
            std::thread::sleep(d);
        }
        let mut out = stream.try_clone()?;
        let head = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n{extra}\r\n",
            text.len()
        );
        if out
            .write_all(head.as_bytes())
            .and_then(|()| out.write_all(text.as_bytes()))
            .is_err()
        {
            return Ok(());
        }
    }
}

/// A Resource Graph answer (objectArray): `data`, `count`, `totalRecords`,
/// `resultTruncated` and, while rows remain, `$skipToken`.
fn graph(st: &State, key: &str, body: &[u8], hit: usize) -> (u16, String, String, Option<Duration>) {
    if let Some(Fault::ThrottleOnce) = st.faults.get(key)
        && hit == 1
    {
        return (
            429,
            "retry-after: 1\r\nx-ms-user-quota-remaining: 0\r\n".into(),
            json!({"error": {"code": "RateLimiting", "message": "Please provide below info when asking for support"}})
                .to_string(),
            None,
        );
    }
    let bad = |m: &str| {
        (
            400,
            String::new(),
            json!({"error": {"code": "BadRequest", "message": m}}).to_string(),
            None,
        )
    };
    let Ok(q) = serde_json::from_slice::<Value>(body) else {
        return bad("the body is not JSON");
    };
    if q["options"]["resultFormat"] != "objectArray" || !q["subscriptions"].is_array() {
        return bad("expected options.resultFormat objectArray and a subscriptions array");
    }
    let rows = st.lists.get(key).cloned().unwrap_or_default();
    let size = st.page_size.max(1);
    let page: usize = match q["options"]["$skipToken"].as_str() {
        None => 0,
        Some(t) => match t.strip_prefix("ew0KICAic2tpcCI6IC").and_then(|p| p.parse().ok()) {
            Some(p) => p,
            None => return bad("invalid $skipToken"),
        },
    };
    let chunk: Vec<Value> = rows.iter().skip(page * size).take(size).cloned().collect();
    let projects_id = q["query"].as_str().is_some_and(|t| t.contains("project id"));
    let more = (page + 1) * size < rows.len();
    let mut out = json!({"totalRecords": rows.len(), "count": chunk.len(), "data": chunk,
                         "facets": [], "resultTruncated": if more && !projects_id { "true" } else { "false" }});
    if more && projects_id {
        out["$skipToken"] = json!(format!("ew0KICAic2tpcCI6IC{}", page + 1));
    }
    (200, String::new(), out.to_string(), None)
}

#[allow(clippy::too_many_lines)]
fn respond(
    st: &State,
    key: &str,
    path: &str,
    query: &str,
    hit: usize,
    base: &str,
) -> (u16, String, String, Option<Duration>) {
    match st.faults.get(key) {
        Some(Fault::ThrottleOnce) if hit == 1 => {
            return (
                429,
                "retry-after: 1\r\n".into(),
                json!({"error": {"code": "TooManyRequests", "message": "slow down"}}).to_string(),
                None,
            );
        }
        Some(Fault::ServerErrorOnce) if hit == 1 => {
            return (
                503,
                String::new(),
                json!({"error": {"code": "ServiceUnavailable"}}).to_string(),
                None,
            );
        }
        Some(Fault::Forbidden) => {
            return (
                403,
                String::new(),
                json!({"error": {"code": "AuthorizationFailed", "message": "The client does not have authorization to perform action 'Microsoft.Cdn/profiles/read'."}})
                    .to_string(),
                None,
            );
        }
        Some(Fault::Malformed) => return (200, String::new(), "{\"value\": [ {\"id\": ".into(), None),
        Some(Fault::Slow(d)) => {
            return (200, String::new(), json!({"value": []}).to_string(), Some(*d));
        }
        _ => {}
    }
    if let Some(o) = st.objects.get(key) {
        return (200, String::new(), o.to_string(), None);
    }
    // Like ARM: a resource group by name, and resource-group-scope lists
    // holding the subscription list's items of that group.
    let parts: Vec<&str> = key.trim_start_matches('/').split('/').collect();
    if let ["subscriptions", sub, "resourcegroups", rg] = parts.as_slice() {
        let groups = st.lists.get(&format!("/subscriptions/{sub}/resourcegroups"));
        let id = format!("/subscriptions/{sub}/resourcegroups/{rg}");
        return match groups.and_then(|g| {
            g.iter()
                .find(|x| x["id"].as_str().is_some_and(|i| i.eq_ignore_ascii_case(&id)))
        }) {
            Some(g) => (200, String::new(), g.to_string(), None),
            None => (
                404,
                String::new(),
                json!({"error": {"code": "ResourceGroupNotFound", "message": format!("Resource group '{rg}' could not be found.")}})
                    .to_string(),
                None,
            ),
        };
    }
    let derived: Vec<Value>;
    let items = if let (None, ["subscriptions", sub, "resourcegroups", rg, "resources"]) =
        (st.lists.get(key), parts.as_slice())
    {
        // The generic resources list of a group: the subscription's, filtered.
        let prefix = format!("/subscriptions/{sub}/resourcegroups/{rg}/");
        derived = st
            .lists
            .get(&format!("/subscriptions/{sub}/resources"))
            .map(|all| {
                all.iter()
                    .filter(|x| {
                        x["id"]
                            .as_str()
                            .is_some_and(|i| i.to_ascii_lowercase().starts_with(&prefix))
                    })
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        Some(&derived)
    } else if let (None, ["subscriptions", sub, "resourcegroups", rg, "providers", rest @ ..]) =
        (st.lists.get(key), parts.as_slice())
    {
        let prefix = format!("/subscriptions/{sub}/resourcegroups/{rg}/");
        derived = st
            .lists
            .get(&format!("/subscriptions/{sub}/providers/{}", rest.join("/")))
            .map(|all| {
                all.iter()
                    .filter(|x| {
                        x["id"]
                            .as_str()
                            .is_some_and(|i| i.to_ascii_lowercase().starts_with(&prefix))
                    })
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        Some(&derived)
    } else {
        st.lists.get(key)
    };
    let Some(items) = items else {
        if key.starts_with("/subscriptions/") {
            return (200, String::new(), json!({"value": []}).to_string(), None);
        }
        return (
            404,
            String::new(),
            json!({"error": {"code": "NotFound"}}).to_string(),
            None,
        );
    };
    let page: usize = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("page="))
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    let size = st.page_size.max(1);
    let chunk: Vec<Value> = items.iter().skip(page * size).take(size).cloned().collect();
    let mut body = json!({ "value": chunk });
    if (page + 1) * size < items.len() {
        let api = query.split('&').find(|kv| kv.starts_with("api-version=")).unwrap_or("");
        body["nextLink"] = json!(format!("{base}{path}?{api}&page={}", page + 1));
    }
    (200, String::new(), body.to_string(), None)
}

// ---------------------------------------------------------------- fixture

fn rg_id(rg: &str) -> String {
    format!("/subscriptions/{SUB}/resourceGroups/{rg}")
}
fn net(rg: &str, kind: &str, name: &str) -> String {
    format!("{}/providers/Microsoft.Network/{kind}/{name}", rg_id(rg))
}
fn subnet_id(rg: &str, vnet: &str, name: &str) -> String {
    format!("{}/subnets/{name}", net(rg, "virtualNetworks", vnet))
}

fn subnet(rg: &str, vnet: &str, name: &str, prefix: &str, extra: &Value) -> Value {
    let mut props = json!({"addressPrefix": prefix, "privateEndpointNetworkPolicies": "Disabled"});
    if let (Some(p), Some(e)) = (props.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            p.insert(k.clone(), v.clone());
        }
    }
    json!({"id": subnet_id(rg, vnet, name), "name": name, "type": "Microsoft.Network/virtualNetworks/subnets", "properties": props})
}

fn peering(rg: &str, vnet: &str, name: &str, remote: &str, space: &str, transit: bool, use_remote: bool) -> Value {
    json!({
        "id": format!("{}/virtualNetworkPeerings/{name}", net(rg, "virtualNetworks", vnet)),
        "name": name,
        "properties": {
            "remoteVirtualNetwork": {"id": remote},
            "remoteAddressSpace": {"addressPrefixes": [space]},
            "allowVirtualNetworkAccess": true,
            "allowForwardedTraffic": true,
            "allowGatewayTransit": transit,
            "useRemoteGateways": use_remote,
            "peeringState": "Connected"
        }
    })
}

fn vnet(rg: &str, name: &str, space: &str, subnets: Vec<Value>, peerings: Vec<Value>) -> Value {
    json!({
        "id": net(rg, "virtualNetworks", name),
        "name": name,
        "type": "Microsoft.Network/virtualNetworks",
        "location": "westeurope",
        "properties": {
            "addressSpace": {"addressPrefixes": [space]},
            "subnets": subnets,
            "virtualNetworkPeerings": peerings
        }
    })
}

fn plain(rg: &str, kind: &str, name: &str, props: Value) -> Value {
    json!({
        "id": net(rg, kind, name),
        "name": name,
        "type": format!("Microsoft.Network/{kind}"),
        "location": "westeurope",
        "properties": props
    })
}

/// Subscription-scope list path for a provider type.
pub fn list_path(provider_type: &str) -> String {
    format!("/subscriptions/{SUB}/providers/{provider_type}")
}

/// Serves a realistic hub-and-spoke subscription.
#[allow(clippy::too_many_lines)]
pub fn hub_spoke(server: &Server) {
    let hub = net("rg-hub", "virtualNetworks", "vnet-hub");
    let spoke1 = net("rg-spoke1", "virtualNetworks", "vnet-spoke1");
    let spoke2 = net("rg-spoke2", "virtualNetworks", "vnet-spoke2");
    let shared = format!(
        "/subscriptions/{OTHER_SUB}/resourceGroups/rg-shared/providers/Microsoft.Network/virtualNetworks/vnet-shared"
    );
    // ARM ids are case-insensitive: references below use other cases on purpose.
    let rt1_ref = net("RG-SPOKE1", "routeTables", "RT-Spoke1");
    server.list(
        &format!("/subscriptions/{SUB}/resourcegroups"),
        ["rg-hub", "rg-spoke1", "rg-spoke2", NODE_RG]
            .iter()
            .map(|g| json!({"id": rg_id(g), "name": g, "type": "Microsoft.Resources/resourceGroups", "location": "westeurope"}))
            .collect(),
    );
    server.list(
        &list_path("Microsoft.Network/virtualNetworks"),
        vec![
            vnet(
                "rg-hub",
                "vnet-hub",
                "10.0.0.0/22",
                vec![
                    subnet("rg-hub", "vnet-hub", "GatewaySubnet", "10.0.0.0/27", &json!({})),
                    subnet("rg-hub", "vnet-hub", "AzureFirewallSubnet", "10.0.0.64/26", &json!({})),
                    subnet("rg-hub", "vnet-hub", "AzureBastionSubnet", "10.0.0.128/26", &json!({})),
                ],
                vec![
                    peering("rg-hub", "vnet-hub", "hub-to-spoke1", &spoke1, "10.1.0.0/16", true, false),
                    peering("rg-hub", "vnet-hub", "hub-to-spoke2", &spoke2.to_uppercase(), "10.2.0.0/16", true, false),
                ],
            ),
            vnet(
                "rg-spoke1",
                "vnet-spoke1",
                "10.1.0.0/16",
                vec![
                    subnet(
                        "rg-spoke1",
                        "vnet-spoke1",
                        "snet-nodes",
                        "10.1.0.0/22",
                        &json!({"routeTable": {"id": rt1_ref}, "networkSecurityGroup": {"id": net("rg-spoke1", "networkSecurityGroups", "nsg-spoke1")}}),
                    ),
                    subnet(
                        "rg-spoke1",
                        "vnet-spoke1",
                        "snet-pods",
                        "10.1.16.0/20",
                        &json!({"routeTable": {"id": rt1_ref}}),
                    ),
                    subnet("rg-spoke1", "vnet-spoke1", "snet-pe", "10.1.4.0/24", &json!({})),
                    subnet("rg-spoke1", "vnet-spoke1", "snet-appgw", "10.1.5.0/24", &json!({})),
                    // API Management Standard v2 outbound integration: /27, delegated, with an NSG (§C.4).
                    subnet(
                        "rg-spoke1",
                        "vnet-spoke1",
                        "snet-apim",
                        "10.1.6.0/27",
                        &json!({"networkSecurityGroup": {"id": net("rg-spoke1", "networkSecurityGroups", "nsg-spoke1")},
                                "delegations": [{"name": "apim", "properties": {"serviceName": "Microsoft.Web/serverFarms"}}]}),
                    ),
                ],
                vec![peering("rg-spoke1", "vnet-spoke1", "spoke1-to-hub", &hub, "10.0.0.0/22", false, true)],
            ),
            vnet(
                "rg-spoke2",
                "vnet-spoke2",
                "10.2.0.0/16",
                vec![
                    subnet(
                        "rg-spoke2",
                        "vnet-spoke2",
                        "snet-nodes",
                        "10.2.0.0/22",
                        &json!({"routeTable": {"id": net("rg-spoke2", "routeTables", "rt-spoke2")}}),
                    ),
                    subnet(
                        "rg-spoke2",
                        "vnet-spoke2",
                        "snet-pods",
                        "10.2.16.0/20",
                        &json!({"routeTable": {"id": net("rg-spoke2", "routeTables", "rt-spoke2")}}),
                    ),
                ],
                vec![
                    peering("rg-spoke2", "vnet-spoke2", "spoke2-to-hub", &hub, "10.0.0.0/22", false, true),
                    peering("rg-spoke2", "vnet-spoke2", "spoke2-to-shared", &shared, "10.50.0.0/16", false, false),
                ],
            ),
        ],
    );
    let route = |_rg: &str| {
        json!({"disableBgpRoutePropagation": true, "routes": [{"name": "default-via-firewall", "properties": {
            "addressPrefix": "0.0.0.0/0", "nextHopType": "VirtualAppliance", "nextHopIpAddress": "10.0.0.68"}}]})
    };
    server.list(
        &list_path("Microsoft.Network/routeTables"),
        vec![
            plain("rg-spoke1", "routeTables", "rt-spoke1", route("rg-spoke1")),
            plain("rg-spoke2", "routeTables", "rt-spoke2", route("rg-spoke2")),
        ],
    );
    server.list(
        &list_path("Microsoft.Network/networkSecurityGroups"),
        vec![plain(
            "rg-spoke1",
            "networkSecurityGroups",
            "nsg-spoke1",
            json!({"securityRules": [
                {"name": "allow-https-in", "properties": {"priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "Tcp",
                  "sourceAddressPrefix": "VirtualNetwork", "sourcePortRange": "*", "destinationAddressPrefix": "*", "destinationPortRange": "443"}},
                {"name": "allow-mgmt", "properties": {"priority": 200, "direction": "Inbound", "access": "Allow", "protocol": "Tcp",
                  "sourceAddressPrefixes": ["10.0.0.0/24", "10.9.0.0/24"], "sourcePortRange": "*", "destinationAddressPrefix": "*", "destinationPortRange": "22"}}
            ]}),
        )],
    );
    server.list(
        &list_path("Microsoft.Network/publicIPAddresses"),
        ["pip-afw", "pip-vpngw", "pip-bastion"]
            .iter()
            .map(|n| {
                let mut p = plain(
                    "rg-hub",
                    "publicIPAddresses",
                    n,
                    json!({"publicIPAllocationMethod": "Static"}),
                );
                p["sku"] = json!({"name": "Standard"});
                p["zones"] = json!(["1", "2", "3"]);
                p
            })
            .chain([{
                let mut p = plain(
                    "rg-spoke1",
                    "publicIPAddresses",
                    "pip-appgw",
                    json!({"publicIPAllocationMethod": "Static", "ipAddress": "20.61.10.20",
                           "dnsSettings": {"domainNameLabel": "appgw-prod", "fqdn": APPGW_FQDN}}),
                );
                p["sku"] = json!({"name": "Standard"});
                p["zones"] = json!(["1", "2", "3"]);
                p
            }])
            .collect(),
    );
    edge(server);
    let mut fw = plain(
        "rg-hub",
        "azureFirewalls",
        "afw-hub",
        json!({
            "sku": {"name": "AZFW_VNet", "tier": "Standard"},
            "ipConfigurations": [{"name": "ipconfig", "properties": {
                "privateIPAddress": "10.0.0.68",
                "subnet": {"id": subnet_id("rg-hub", "vnet-hub", "AzureFirewallSubnet")},
                "publicIPAddress": {"id": net("rg-hub", "publicIPAddresses", "pip-afw")}}}],
            "firewallPolicy": {"id": net("rg-hub", "firewallPolicies", "afwp-hub")}
        }),
    );
    fw["zones"] = json!(["1", "2", "3"]);
    server.list(&list_path("Microsoft.Network/azureFirewalls"), vec![fw]);
    server.list(
        &list_path("Microsoft.Network/firewallPolicies"),
        vec![plain(
            "rg-hub",
            "firewallPolicies",
            "afwp-hub",
            json!({"threatIntelMode": "Deny", "dnsSettings": {"enableProxy": true}, "sku": {"tier": "Standard"}}),
        )],
    );
    let policy = net("rg-hub", "firewallPolicies", "afwp-hub");
    let rcg = |name: &str, priority: u32, collections: Value| {
        json!({"id": format!("{policy}/ruleCollectionGroups/{name}"), "name": name,
               "type": "Microsoft.Network/FirewallPolicies/RuleCollectionGroups",
               "properties": {"priority": priority, "provisioningState": "Succeeded", "ruleCollections": collections}})
    };
    server.list(
        &format!("{policy}/ruleCollectionGroups"),
        vec![
            rcg(
                "rcg-aks-egress",
                200,
                json!([
                    {"ruleCollectionType": "FirewallPolicyFilterRuleCollection", "name": "aks-network", "priority": 100,
                     "action": {"type": "Allow"}, "rules": [
                        {"ruleType": "NetworkRule", "name": "ntp", "ipProtocols": ["UDP"], "sourceAddresses": ["10.1.0.0/16"],
                         "sourceIpGroups": [], "destinationAddresses": ["*"], "destinationIpGroups": [], "destinationFqdns": [],
                         "destinationPorts": ["123"]},
                        {"ruleType": "NetworkRule", "name": "ubuntu-ntp", "ipProtocols": ["UDP"], "sourceAddresses": ["10.1.0.0/16"],
                         "destinationFqdns": ["ntp.ubuntu.com"], "destinationPorts": ["123"]},
                        {"ruleType": "NetworkRule", "name": "to-shared", "ipProtocols": ["TCP"], "sourceAddresses": [],
                         "sourceIpGroups": [format!("{}/providers/Microsoft.Network/ipGroups/ipg-spokes", rg_id("rg-hub"))],
                         "destinationAddresses": ["10.50.0.0/16"], "destinationPorts": ["443"]}]},
                    {"ruleCollectionType": "FirewallPolicyFilterRuleCollection", "name": "aks-fqdns", "priority": 200,
                     "action": {"type": "Allow"}, "rules": [
                        {"ruleType": "ApplicationRule", "name": "aks-tag", "protocols": [{"protocolType": "Https", "port": 443}],
                         "sourceAddresses": ["10.1.0.0/16"], "fqdnTags": ["AzureKubernetesService"], "targetFqdns": []},
                        {"ruleType": "ApplicationRule", "name": "mcr", "protocols": [{"protocolType": "Https", "port": 443}],
                         "sourceAddresses": ["10.1.0.0/16"], "targetFqdns": ["mcr.microsoft.com", "*.data.mcr.microsoft.com"],
                         "fqdnTags": [], "webCategories": [], "terminateTLS": false}]}
                ]),
            ),
            rcg(
                "rcg-platform",
                100,
                json!([
                    {"ruleCollectionType": "FirewallPolicyNatRuleCollection", "name": "dnat-in", "priority": 100,
                     "action": {"type": "DNAT"}, "rules": [
                        {"ruleType": "NatRule", "name": "ssh-jump", "ipProtocols": ["TCP"], "sourceAddresses": ["*"],
                         "destinationAddresses": ["20.50.1.10"], "destinationPorts": ["22"],
                         "translatedAddress": "10.0.0.140", "translatedPort": "22"}]},
                    {"ruleCollectionType": "FirewallPolicyFilterRuleCollection", "name": "deny-bad", "priority": 150,
                     "action": {"type": "Deny"}, "rules": [
                        {"ruleType": "NetworkRule", "name": "block", "ipProtocols": ["Any"], "sourceAddresses": ["*"],
                         "destinationAddresses": ["198.51.100.0/24"], "destinationPorts": ["*"]}]},
                    {"ruleCollectionType": "FirewallPolicyFilterRuleCollection", "name": "dns", "priority": 200,
                     "action": {"type": "Allow"}, "rules": [
                        {"ruleType": "NetworkRule", "name": "ntp", "ipProtocols": ["UDP", "TCP"], "sourceAddresses": ["10.0.0.0/8"],
                         "destinationAddresses": ["168.63.129.16"], "destinationPorts": ["53"]}]}
                ]),
            ),
        ],
    );
    server.list(
        &list_path("Microsoft.Network/bastionHosts"),
        vec![{
            let mut b = plain(
                "rg-hub",
                "bastionHosts",
                "bas-hub",
                json!({"ipConfigurations": [{"name": "ip", "properties": {
                    "subnet": {"id": subnet_id("rg-hub", "vnet-hub", "AzureBastionSubnet")},
                    "publicIPAddress": {"id": net("rg-hub", "publicIPAddresses", "pip-bastion")}}}]}),
            );
            b["sku"] = json!({"name": "Standard"});
            b
        }],
    );
    server.list(
        &format!("/subscriptions/{SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworkGateways"),
        vec![plain(
            "rg-hub",
            "virtualNetworkGateways",
            "vpng-hub",
            json!({"gatewayType": "Vpn", "vpnType": "RouteBased", "sku": {"name": "VpnGw2AZ", "tier": "VpnGw2AZ"},
                   "activeActive": false, "enableBgp": true, "bgpSettings": {"asn": 65515},
                   "ipConfigurations": [{"name": "default", "properties": {
                       "subnet": {"id": subnet_id("rg-hub", "vnet-hub", "GatewaySubnet")},
                       "publicIPAddress": {"id": net("rg-hub", "publicIPAddresses", "pip-vpngw")}}}]}),
        )],
    );
    let aks_id = format!(
        "{}/providers/Microsoft.ContainerService/managedClusters/aks-prod",
        rg_id("rg-spoke1")
    );
    let nodes = subnet_id("rg-spoke1", "vnet-spoke1", "snet-nodes");
    server.list(
        &list_path("Microsoft.ContainerService/managedClusters"),
        vec![json!({
            "id": aks_id,
            "name": "aks-prod",
            "type": "Microsoft.ContainerService/ManagedClusters",
            "location": "westeurope",
            "sku": {"name": "Base", "tier": "Standard"},
            "identity": {"type": "SystemAssigned"},
            "properties": {
                "kubernetesVersion": "1.33",
                "nodeResourceGroup": NODE_RG,
                "networkProfile": {
                    "networkPlugin": "azure", "networkPluginMode": "overlay", "networkPolicy": "cilium",
                    "networkDataplane": "cilium", "outboundType": "userDefinedRouting",
                    "podCidr": "100.64.0.0/16", "serviceCidr": "172.16.0.0/16", "dnsServiceIP": "172.16.0.10"
                },
                "agentPoolProfiles": [
                    {"name": "system", "mode": "System", "vmSize": "Standard_D4ds_v5", "osType": "Linux",
                     "count": 3, "enableAutoScaling": true, "minCount": 3, "maxCount": 5, "maxPods": 110,
                     "availabilityZones": ["1", "2", "3"], "vnetSubnetID": nodes.to_uppercase(),
                     "upgradeSettings": {"maxSurge": "33%"}},
                    {"name": "user", "mode": "User", "vmSize": "Standard_D8ds_v5", "osType": "Linux",
                     "count": 2, "enableAutoScaling": true, "minCount": 2, "maxCount": 10, "maxPods": 110,
                     "vnetSubnetID": nodes}
                ]
            }
        })],
    );
    let zone_id = format!(
        "{}/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net",
        rg_id("rg-hub")
    );
    server.list(
        &list_path("Microsoft.Network/privateDnsZones"),
        vec![json!({"id": zone_id, "name": "privatelink.blob.core.windows.net",
                    "type": "Microsoft.Network/privateDnsZones", "location": "global", "properties": {}})],
    );
    server.list(
        &format!("{zone_id}/virtualNetworkLinks"),
        [("hub", &hub), ("spoke1", &spoke1), ("spoke2", &spoke2)]
            .iter()
            .map(|(n, v)| {
                json!({"id": format!("{zone_id}/virtualNetworkLinks/link-{n}"), "name": format!("link-{n}"),
                       "type": "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
                       "properties": {"virtualNetwork": {"id": v}, "registrationEnabled": false}})
            })
            .collect(),
    );
    let pe_id = net("rg-spoke1", "privateEndpoints", "pe-stprod-blob");
    server.list(
        &list_path("Microsoft.Network/privateEndpoints"),
        vec![plain(
            "rg-spoke1",
            "privateEndpoints",
            "pe-stprod-blob",
            json!({"subnet": {"id": subnet_id("rg-spoke1", "vnet-spoke1", "snet-pe")},
                   "privateLinkServiceConnections": [{"name": "c", "properties": {
                       "privateLinkServiceId": format!("{}/providers/Microsoft.Storage/storageAccounts/stprod", rg_id("rg-spoke1")),
                       "groupIds": ["blob"]}}]}),
        )],
    );
    server.list(
        &format!("{pe_id}/privateDnsZoneGroups"),
        vec![json!({"id": format!("{pe_id}/privateDnsZoneGroups/default"), "name": "default",
                    "properties": {"privateDnsZoneConfigs": [{"name": "blob", "properties": {"privateDnsZoneId": zone_id}}]}})],
    );
}

/// The public edge of the first spoke: Front Door Premium (WAF in Prevention)
/// → App Gateway (WAF_v2) by its public IP's FQDN → the internal LoadBalancer
/// service of `aks-prod` (frontend of `kubernetes-internal` in the node
/// resource group), which API Management (Standard v2, VNet-integrated) calls too.
#[allow(clippy::too_many_lines)]
fn edge(server: &Server) {
    let nodes = subnet_id("rg-spoke1", "vnet-spoke1", "snet-nodes");
    let lb = net(NODE_RG, "loadBalancers", "kubernetes-internal");
    let fe = format!("{lb}/frontendIPConfigurations/a3f9c1d2e4b5f60718293a4b5c6d7e8f");
    server.list(
        &list_path("Microsoft.Network/loadBalancers"),
        vec![{
            let mut l = plain(
                NODE_RG,
                "loadBalancers",
                "kubernetes-internal",
                json!({
                    "frontendIPConfigurations": [{"id": fe, "name": "a3f9c1d2e4b5f60718293a4b5c6d7e8f", "properties": {
                        "privateIPAddress": ILB_IP, "privateIPAllocationMethod": "Static", "subnet": {"id": nodes}}}],
                    "backendAddressPools": [{"id": format!("{lb}/backendAddressPools/kubernetes"), "name": "kubernetes"}],
                    "loadBalancingRules": [{"name": "a3f9c1d2e4b5f60718293a4b5c6d7e8f-TCP-80", "properties": {
                        "frontendIPConfiguration": {"id": fe}, "frontendPort": 80, "backendPort": 80, "protocol": "Tcp",
                        "backendAddressPool": {"id": format!("{lb}/backendAddressPools/kubernetes")}}}]
                }),
            );
            l["sku"] = json!({"name": "Standard", "tier": "Regional"});
            l["tags"] = json!({"aks-managed-cluster-name": "aks-prod"});
            l
        }],
    );
    let agw = net("rg-spoke1", "applicationGateways", "agw-prod");
    server.list(
        &list_path("Microsoft.Network/applicationGateways"),
        vec![plain(
            "rg-spoke1",
            "applicationGateways",
            "agw-prod",
            json!({
                "sku": {"name": "WAF_v2", "tier": "WAF_v2"},
                "autoscaleConfiguration": {"minCapacity": 2, "maxCapacity": 10},
                "gatewayIPConfigurations": [{"name": "appGatewayIpConfig", "properties": {
                    "subnet": {"id": subnet_id("rg-spoke1", "vnet-spoke1", "snet-appgw")}}}],
                "frontendIPConfigurations": [{"id": format!("{agw}/frontendIPConfigurations/public"), "name": "public",
                    "properties": {"publicIPAddress": {"id": net("rg-spoke1", "publicIPAddresses", "pip-appgw")}}}],
                "backendAddressPools": [
                    {"name": "pool-web", "properties": {"backendAddresses": [{"ipAddress": ILB_IP}]}},
                    {"name": "pool-legacy", "properties": {"backendAddresses": [{"fqdn": "legacy.contoso.example"}]}}],
                "webApplicationFirewallConfiguration": {"enabled": true, "firewallMode": "Prevention",
                    "ruleSetType": "OWASP", "ruleSetVersion": "3.2"}
            }),
        )],
    );
    let apim = format!(
        "{}/providers/Microsoft.ApiManagement/service/apim-prod",
        rg_id("rg-spoke1")
    );
    server.list(
        &list_path("Microsoft.ApiManagement/service"),
        vec![json!({
            "id": apim, "name": "apim-prod", "type": "Microsoft.ApiManagement/service", "location": "westeurope",
            "sku": {"name": "StandardV2", "capacity": 1},
            "properties": {
                "publisherName": "Contoso", "publisherEmail": "api@contoso.example",
                "gatewayUrl": "https://apim-prod.azure-api.net",
                "hostnameConfigurations": [{"type": "Proxy", "hostName": "apim-prod.azure-api.net", "defaultSslBinding": true}],
                "virtualNetworkType": "External",
                "virtualNetworkConfiguration": {"subnetResourceId": subnet_id("rg-spoke1", "vnet-spoke1", "snet-apim")}
            }
        })],
    );
    server.list(
        &format!("{apim}/backends"),
        vec![
            json!({"id": format!("{apim}/backends/orders"), "name": "orders", "type": "Microsoft.ApiManagement/service/backends",
                   "properties": {"url": format!("http://{ILB_IP}/orders"), "protocol": "http", "title": "Orders service"}}),
            json!({"id": format!("{apim}/backends/partner"), "name": "partner", "type": "Microsoft.ApiManagement/service/backends",
                   "properties": {"url": "https://api.partner.example/v1", "protocol": "http"}}),
        ],
    );
    // Front Door Premium: one origin group to the App Gateway's public IP FQDN,
    // one origin outside the import, a WAF security policy (Prevention).
    server.list(
        &list_path("Microsoft.Cdn/profiles"),
        vec![
            json!({"id": AFD, "name": "afd-prod", "type": "Microsoft.Cdn/profiles", "location": "Global",
                    "kind": "frontdoor", "sku": {"name": "Premium_AzureFrontDoor"},
                    "properties": {"originResponseTimeoutSeconds": 60, "provisioningState": "Succeeded"}}),
        ],
    );
    let og = format!("{AFD}/originGroups/og-web");
    server.list(
        &format!("{AFD}/originGroups"),
        vec![json!({"id": og, "name": "og-web", "type": "Microsoft.Cdn/profiles/origingroups",
                    "properties": {"loadBalancingSettings": {"sampleSize": 4, "successfulSamplesRequired": 3, "additionalLatencyInMilliseconds": 50},
                                   "healthProbeSettings": {"probePath": "/healthz", "probeRequestType": "HEAD", "probeProtocol": "Https", "probeIntervalInSeconds": 100},
                                   "sessionAffinityState": "Disabled"}})],
    );
    let origin = |name: &str, host: &str, priority: u32| {
        json!({"id": format!("{og}/origins/{name}"), "name": name, "type": "Microsoft.Cdn/profiles/origingroups/origins",
               "properties": {"hostName": host, "httpPort": 80, "httpsPort": 443, "originHostHeader": "www.contoso.example",
                              "priority": priority, "weight": 1000, "enabledState": "Enabled", "enforceCertificateNameCheck": true}})
    };
    server.list(
        &format!("{og}/origins"),
        vec![
            origin("agw-prod", APPGW_FQDN, 1),
            origin("legacy-web", "legacy-web.azurewebsites.net", 2),
        ],
    );
    server.list(
        &format!("{AFD}/securityPolicies"),
        vec![json!({"id": format!("{AFD}/securityPolicies/sp-waf"), "name": "sp-waf", "type": "Microsoft.Cdn/profiles/securitypolicies",
                    "properties": {"parameters": {"type": "WebApplicationFirewall", "wafPolicy": {"id": AFD_WAF},
                        "associations": [{"domains": [{"id": format!("{AFD}/afdEndpoints/ep-web")}], "patternsToMatch": ["/*"]}]}}})],
    );
    server.object(
        AFD_WAF,
        json!({"id": AFD_WAF, "name": "wafprod", "type": "Microsoft.Network/frontdoorwebapplicationfirewallpolicies",
               "location": "Global", "sku": {"name": "Premium_AzureFrontDoor"},
               "properties": {"policySettings": {"enabledState": "Enabled", "mode": "Prevention", "requestBodyCheck": "Enabled"},
                              "managedRules": {"managedRuleSets": [{"ruleSetType": "Microsoft_DefaultRuleSet", "ruleSetVersion": "2.1", "ruleSetAction": "Block"}]},
                              "provisioningState": "Succeeded"}}),
    );
}

/// The generic resources list of the subscription (`GET …/resources`, no
/// properties): some of the resources served above, and resources of types
/// netdraft does not import (an App Service, its plan, a VM scale set).
pub fn resource_inventory(server: &Server) {
    let item = |rg: &str, provider: &str, kind: &str, name: &str| {
        json!({"id": format!("{}/providers/{provider}/{kind}/{name}", rg_id(rg)), "name": name,
               "type": format!("{provider}/{kind}"), "location": "westeurope"})
    };
    server.list(
        &format!("/subscriptions/{SUB}/resources"),
        vec![
            item("rg-hub", "Microsoft.Network", "virtualNetworks", "vnet-hub"),
            item("rg-spoke1", "Microsoft.Web", "sites", "app-orders"),
            item("rg-spoke1", "Microsoft.Web", "serverFarms", "plan-orders"),
            item("rg-spoke1", "Microsoft.Web", "sites", "app-billing"),
            item(
                NODE_RG,
                "Microsoft.Compute",
                "virtualMachineScaleSets",
                "aks-system-12345678-vmss",
            ),
        ],
    );
}

/// A subscription of about `n` resources: VNets with three subnets and an NSG each.
pub fn many(server: &Server, n: usize) {
    let vnets = n / 5;
    let mut vs = Vec::with_capacity(vnets);
    let mut nsgs = Vec::with_capacity(vnets);
    for i in 0..vnets {
        let (a, b) = (i / 64, (i % 64) * 4);
        let name = format!("vnet-{i:05}");
        let rg = format!("rg-{:03}", i / 100);
        let nsg = net(&rg, "networkSecurityGroups", &format!("nsg-{i:05}"));
        let subnets = (0..3)
            .map(|k| {
                subnet(
                    &rg,
                    &name,
                    &format!("snet-{k}"),
                    &format!("10.{a}.{}.0/24", b + k),
                    &json!({"networkSecurityGroup": {"id": nsg}}),
                )
            })
            .collect();
        vs.push(vnet(&rg, &name, &format!("10.{a}.{b}.0/22"), subnets, vec![]));
        nsgs.push(plain(
            &rg,
            "networkSecurityGroups",
            &format!("nsg-{i:05}"),
            json!({"securityRules": []}),
        ));
    }
    server.list(&list_path("Microsoft.Network/virtualNetworks"), vs);
    server.list(&list_path("Microsoft.Network/networkSecurityGroups"), nsgs);
}

/// Resource Graph rows (`az graph query` objectArray shape: `type` lower-cased,
/// `resourceGroup` and `subscriptionId` columns, `properties` nested) for the
/// types with no subscription-scope list: the hub's VPN and ExpressRoute
/// gateways and an App Gateway for Containers in the first spoke, whose
/// association is served as a child list.
pub fn graph_rows(server: &Server) {
    let row = |rg: &str, provider: &str, kind: &str, name: &str, props: Value| {
        json!({
            "id": format!("{}/providers/{provider}/{kind}/{name}", rg_id(rg)),
            "name": name,
            "type": format!("{provider}/{kind}").to_ascii_lowercase(),
            "location": "westeurope",
            "resourceGroup": rg,
            "subscriptionId": SUB,
            "sku": null,
            "zones": null,
            "properties": props
        })
    };
    let gateway_ip = |pip: &str| {
        json!([{"name": "default", "properties": {
            "privateIPAllocationMethod": "Dynamic",
            "subnet": {"id": subnet_id("rg-hub", "vnet-hub", "GatewaySubnet")},
            "publicIPAddress": {"id": net("rg-hub", "publicIPAddresses", pip)}}}])
    };
    let agc = format!(
        "{}/providers/Microsoft.ServiceNetworking/trafficControllers/agc-prod",
        rg_id("rg-spoke1")
    );
    server.graph(vec![
        row(
            "rg-hub",
            "Microsoft.Network",
            "virtualNetworkGateways",
            "vpng-hub",
            json!({"gatewayType": "Vpn", "vpnType": "RouteBased", "sku": {"name": "VpnGw2AZ", "tier": "VpnGw2AZ", "capacity": 2},
                   "activeActive": false, "enableBgp": true, "bgpSettings": {"asn": 65515, "peerWeight": 0},
                   "ipConfigurations": gateway_ip("pip-vpngw"), "provisioningState": "Succeeded"}),
        ),
        row(
            "rg-hub",
            "Microsoft.Network",
            "virtualNetworkGateways",
            "ergw-hub",
            json!({"gatewayType": "ExpressRoute", "sku": {"name": "ErGw1AZ", "tier": "ErGw1AZ"},
                   "ipConfigurations": gateway_ip("pip-ergw"), "provisioningState": "Succeeded"}),
        ),
        row(
            "rg-spoke1",
            "Microsoft.ServiceNetworking",
            "trafficControllers",
            "agc-prod",
            json!({"configurationEndpoints": ["f3a1c2d4e5b6.alb.azure.com"],
                   "frontends": [{"id": format!("{agc}/frontends/fe-web")}],
                   "associations": [{"id": format!("{agc}/associations/as-prod")}],
                   "provisioningState": "Succeeded"}),
        ),
    ]);
    server.list(
        &format!("{agc}/associations"),
        vec![json!({"id": format!("{agc}/associations/as-prod"), "name": "as-prod",
                    "type": "Microsoft.ServiceNetworking/trafficControllers/associations", "location": "westeurope",
                    "properties": {"associationType": "subnets",
                                   "subnet": {"id": subnet_id("rg-spoke1", "vnet-spoke1", "snet-pe")},
                                   "provisioningState": "Succeeded"}})],
    );
}
