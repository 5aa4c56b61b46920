import assert from "node:assert/strict";
import { clientAddress } from "../../src/http/auth/client_ip.ts";
import { addressKey } from "../../src/lib/ip_address.ts";
import { loadConfig } from "../../src/config/load_config.ts";

const headers = (values: Record<string, string>) => (name: string) => values[name];

Deno.test("addressKey normalizes addresses for per-client limits", async (t) => {
  await t.step("an IPv4 address is its own key, with or without a port", () => {
    assert.equal(addressKey("203.0.113.7"), "203.0.113.7");
    assert.equal(addressKey(" 203.0.113.7:4431 "), "203.0.113.7");
  });
  await t.step("IPv6 addresses in one /64 share a key, other /64s do not", () => {
    const a = addressKey("2001:db8:aa:1::1");
    const b = addressKey("2001:0DB8:00aa:0001:ffff:1234:5678:9abc");
    const c = addressKey("[2001:db8:aa:1:dead::beef]:443");
    assert.equal(a, "2001:db8:aa:1::/64");
    assert.equal(b, a);
    assert.equal(c, a);
    assert.equal(addressKey("2001:db8:aa:2::1"), "2001:db8:aa:2::/64");
    assert.equal(addressKey("::1"), "0:0:0:0::/64");
    assert.equal(addressKey("fe80::1%eth0"), "fe80:0:0:0::/64");
  });
  await t.step("an IPv4-mapped IPv6 address is keyed as the IPv4 address", () => {
    assert.equal(addressKey("::ffff:203.0.113.7"), "203.0.113.7");
    assert.equal(addressKey("::FFFF:cb00:7107"), "203.0.113.7");
    assert.equal(addressKey("0:0:0:0:0:ffff:203.0.113.7"), "203.0.113.7");
  });
  await t.step("anything else is not an address", () => {
    for (
      const bad of ["", "unknown", "256.1.1.1", "1.2.3", "1:2:3:4:5:6:7:8:9", "1::2::3", "g::1"]
    ) {
      assert.equal(addressKey(bad), undefined, `"${bad}"`);
    }
  });
});

Deno.test("clientAddress picks the source TRUST_PROXY names", async (t) => {
  const socket = "198.51.100.10";
  const forwarded = headers({
    "x-forwarded-for": "6.6.6.6, 203.0.113.7, 192.0.2.1",
    "cf-connecting-ip": "203.0.113.99",
  });
  await t.step("none uses the socket and ignores every forwarded header", () => {
    assert.equal(clientAddress({ kind: "none" }, forwarded, socket), socket);
    assert.equal(clientAddress({ kind: "none" }, forwarded, undefined), "unknown");
  });
  await t.step("cloudflare uses CF-Connecting-IP, the socket when it is missing or bad", () => {
    assert.equal(clientAddress({ kind: "cloudflare" }, forwarded, socket), "203.0.113.99");
    assert.equal(clientAddress({ kind: "cloudflare" }, headers({}), socket), socket);
    const bad = headers({ "cf-connecting-ip": "not-an-ip" });
    assert.equal(clientAddress({ kind: "cloudflare" }, bad, socket), socket);
  });
  await t.step("xff:N counts N entries from the right", () => {
    assert.equal(clientAddress({ kind: "xff", hops: 1 }, forwarded, socket), "192.0.2.1");
    assert.equal(clientAddress({ kind: "xff", hops: 2 }, forwarded, socket), "203.0.113.7");
    assert.equal(clientAddress({ kind: "xff", hops: 3 }, forwarded, socket), "6.6.6.6");
  });
  await t.step("xff:N falls back to the socket on a short, empty or malformed header", () => {
    assert.equal(clientAddress({ kind: "xff", hops: 4 }, forwarded, socket), socket);
    assert.equal(clientAddress({ kind: "xff", hops: 1 }, headers({}), socket), socket);
    const junk = headers({ "x-forwarded-for": "1.2.3.4, garbage" });
    assert.equal(clientAddress({ kind: "xff", hops: 1 }, junk, socket), socket);
    const trailingComma = headers({ "x-forwarded-for": "1.2.3.4," });
    assert.equal(clientAddress({ kind: "xff", hops: 1 }, trailingComma, socket), socket);
  });
  await t.step("the socket address is normalized too (IPv6 /64, mapped IPv4)", () => {
    assert.equal(clientAddress({ kind: "none" }, forwarded, "::ffff:198.51.100.10"), socket);
    assert.equal(
      clientAddress({ kind: "none" }, forwarded, "2001:db8::5"),
      "2001:db8:0:0::/64",
    );
  });
});

Deno.test("TRUST_PROXY is validated by loadConfig", async (t) => {
  await t.step("it defaults to the socket address", () => {
    assert.deepEqual(loadConfig({}).trustProxy, { kind: "none" });
  });
  await t.step("cloudflare and xff:N parse", () => {
    assert.deepEqual(loadConfig({ TRUST_PROXY: "cloudflare" }).trustProxy, {
      kind: "cloudflare",
    });
    assert.deepEqual(loadConfig({ TRUST_PROXY: "xff:2" }).trustProxy, { kind: "xff", hops: 2 });
  });
  await t.step("xff:0, a bare xff and unknown values are refused with the variable named", () => {
    for (const value of ["xff:0", "xff", "xff:-1", "true", "XFF:1"]) {
      assert.throws(
        () => loadConfig({ TRUST_PROXY: value }),
        (error: Error) => error.message.includes("TRUST_PROXY:"),
        `"${value}"`,
      );
    }
  });
});
