import assert from "node:assert/strict";
import { networkAddress } from "../../src/lib/network_address.ts";

Deno.test("networkAddress keeps an IPv4 address as it is", () => {
  assert.equal(networkAddress("203.0.113.7"), "203.0.113.7");
  assert.equal(networkAddress(" 203.0.113.7 "), "203.0.113.7");
});

Deno.test("networkAddress turns every IPv6 spelling into its /64 prefix", () => {
  const same = [
    "2001:db8:1:2::1",
    "2001:db8:1:2:ffff:ffff:ffff:fffe",
    "2001:0DB8:0001:0002:0000:0000:0000:0001",
    "[2001:db8:1:2::abcd]",
    "2001:db8:1:2::1%eth0",
    "2001:db8:1:2:0:0:192.0.2.1",
  ];
  for (const address of same) assert.equal(networkAddress(address), "2001:db8:1:2::/64", address);
  assert.equal(networkAddress("2001:db8:1:3::1"), "2001:db8:1:3::/64", "the next /64 differs");
  assert.equal(networkAddress("::1"), "0:0:0:0::/64");
  assert.equal(networkAddress("2001:db8::"), "2001:db8:0:0::/64");
  assert.equal(networkAddress("fe80::1%eth0"), "fe80:0:0:0::/64", "the zone is dropped");
});

Deno.test("networkAddress reads IPv4-mapped IPv6 as the IPv4 address", () => {
  assert.equal(networkAddress("::ffff:203.0.113.7"), "203.0.113.7");
  assert.equal(networkAddress("::FFFF:cb00:7107"), "203.0.113.7");
  assert.equal(networkAddress("0:0:0:0:0:ffff:203.0.113.7"), "203.0.113.7");
});

Deno.test("networkAddress returns what it cannot parse, lower-cased", () => {
  for (const text of ["unknown", "1::2::3", "2001:db8:1:2:3:4:5:6:7", "12345::1", "::1.2.3.999"]) {
    assert.equal(networkAddress(text), text.toLowerCase(), text);
  }
  assert.equal(networkAddress("ABC:XYZ"), "abc:xyz");
});
