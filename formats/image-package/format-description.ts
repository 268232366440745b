/** The text form of an ImageDescription, laid out like `azsphere image-package show`. */
import type { ImageDescription, SectionDescription } from './describe.js';

const LABEL_WIDTH = 19;
const line = (label: string, value: string | number) => `    ${(label + ':').padEnd(LABEL_WIDTH)}${value}`;

export function formatImageDescription(description: ImageDescription, file: string): string {
  const { layout } = description;
  const out = [
    layout
      ? `${file}: ${description.size} bytes: body ${layout.metadataOffset} bytes, metadata ${layout.metadataLength} bytes at byte ${layout.metadataOffset}, signature 64 bytes at byte ${layout.signatureOffset}`
      : `${file}: ${description.size} bytes`,
  ];
  for (const s of description.sections) {
    const where = s.offset === null ? '' : ` at byte ${s.offset}`;
    out.push(`  Section: ${s.name} (${s.tag}, ${s.size} bytes${where})`);
    out.push(...sectionLines(s));
  }
  out.push(`  Signature (r||s):`);
  out.push(...hexLines(description.signature));
  return out.join('\n');
}

function sectionLines(s: SectionDescription): string[] {
  const f = s.fields;
  if (!s.decoded) return ['    Data:', ...hexLines(s.hex)];
  switch (s.tag) {
    case 'ID':
      return [line('Image Type', `${f['imageTypeName']} (${f['imageType']})`), line('Component ID', String(f['componentId'])), line('Image ID', String(f['imageId'])), ...(f['reserved'] ? [line('Reserved', String(f['reserved']))] : [])];
    case 'SG':
      return [
        line('Signing Type', `${f['signingTypeName']} (${f['signingType']})`),
        line('Cert Thumbprint', String(f['thumbprint'])),
        ...(f['knownAs'] ? [line('Certificate', String(f['knownAs']))] : []),
      ];
    case 'DB':
      return [line('Name', String(f['name'])), line('Built On (UTC)', `${f['buildDate'] ?? 'out of range'} (${f['buildTime']})`)];
    case 'TP':
      return [
        line('Temporary Image', `${(f['flagNames'] as string[]).join(', ')} (${f['flags']})`),
        line('Remove at boot', String(f['removeAtBoot'])),
        line('Under development', String(f['underDevelopment'])),
      ];
    case 'ND':
    case 'NP': {
      const ids = f['identities'] as { typeName: string; version: number }[];
      const label = s.tag === 'ND' ? 'Depends' : 'Provides';
      return ids.length === 0 ? [line(label, '(none)')] : ids.map((i) => line(label, `${i.typeName}@${i.version}`));
    }
    case 'RV':
      return [line('Security Version', String(f['securityVersion']))];
    default:
      return [];
  }
}

/** 32 bytes a line, indented under the section. */
function hexLines(hex: string): string[] {
  const lines: string[] = [];
  for (let i = 0; i < hex.length; i += 64) lines.push(`      ${hex.slice(i, i + 64).replace(/(..)(?!$)/g, '$1 ')}`);
  return lines.length ? lines : ['      (empty)'];
}
