// Fill a PDF form as Firefox's viewer does and save it: pdf.js's annotation storage, then saveDocument().
// Usage: node fill.mjs IN.pdf OUT.pdf VALUES.json   (VALUES: {"field.name": "text" | true | false})
import { readFileSync, writeFileSync } from "node:fs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const [input, output, valuesFile] = process.argv.slice(2);
const values = JSON.parse(readFileSync(valuesFile, "utf8"));
const doc = await getDocument({ data: new Uint8Array(readFileSync(input)), verbosity: 0 }).promise;
const fields = (await doc.getFieldObjects()) ?? {};
const missing = Object.keys(values).filter((name) => !(name in fields));
if (missing.length) {
  console.error(`no such fields: ${missing.join(", ")}`);
  process.exit(2);
}
for (const [name, value] of Object.entries(values)) {
  for (const field of fields[name]) {
    doc.annotationStorage.setValue(field.id, { value });
  }
}
writeFileSync(output, await doc.saveDocument());
await doc.destroy();
