/**
 * The docs page's check for the bundle smokes: `/docs` answers, and the viewer script it names
 * (embedded in the bundle by a text import) is served whole. `get` fetches a path from the entry
 * under test; returns whether both answered as they should.
 */
export async function docsViewerServed(get: (path: string) => Promise<Response>): Promise<boolean> {
  const page = await get("/docs");
  const html = await page.text();
  const script = /<script src="([^"]+)"/.exec(html)?.[1];
  console.log(`/docs -> ${page.status}, viewer script ${script ?? "missing"}`);
  if (page.status !== 200 || !script) return false;
  const asset = await get(script);
  const bytes = (await asset.arrayBuffer()).byteLength;
  console.log(`${script} -> ${asset.status} ${bytes} bytes`);
  // Swagger UI's bundle is well over a megabyte: an empty or cut-off embed shows here.
  return asset.status === 200 && bytes > 1_000_000;
}
