type Block = Record<string, unknown>;
type TextObj = { type?: string; text?: string };

const len = (s: unknown) => (typeof s === 'string' ? Array.from(s).length : 0);

/**
 * Block Kit limits as Slack enforces them on chat.postMessage/chat.update. Returns the
 * error Slack would answer (`invalid_blocks`, with a reason after a colon for test output),
 * or undefined when the blocks are valid.
 */
export function checkBlocks(blocks: Block[]): string | undefined {
  if (!Array.isArray(blocks)) return 'invalid_blocks_format';
  if (blocks.length > 50) return `invalid_blocks: ${blocks.length} blocks > 50`;
  const actionIds = new Set<string>();
  for (const [i, b] of blocks.entries()) {
    switch (b.type) {
      case 'header': {
        const t = b.text as TextObj | undefined;
        if (t?.type !== 'plain_text' || len(t.text) === 0 || len(t.text) > 150)
          return `invalid_blocks: header ${i}`;
        break;
      }
      case 'section': {
        const t = b.text as TextObj | undefined;
        const fields = (b.fields as TextObj[] | undefined) ?? [];
        if (!t && fields.length === 0) return `invalid_blocks: empty section ${i}`;
        if (t && (len(t.text) === 0 || len(t.text) > 3000))
          return `invalid_blocks: section ${i} text ${len(t.text)}`;
        if (fields.length > 10 || fields.some((f) => len(f.text) === 0 || len(f.text) > 2000)) {
          return `invalid_blocks: section ${i} fields`;
        }
        break;
      }
      case 'actions': {
        const elements = (b.elements as Block[] | undefined) ?? [];
        if (elements.length === 0 || elements.length > 25) return `invalid_blocks: actions ${i} elements`;
        for (const e of elements) {
          const id = String(e.action_id ?? '');
          if (id && actionIds.has(id)) return `invalid_blocks: duplicate action_id ${id}`;
          if (id) actionIds.add(id);
          const t = e.text as TextObj | undefined;
          if (e.type === 'button' && (len(t?.text) === 0 || len(t?.text) > 75))
            return `invalid_blocks: button text`;
          if (len(e.value) > 2000 || len(e.url) > 3000) return `invalid_blocks: button value/url`;
        }
        break;
      }
      case 'context':
      case 'divider':
      case 'image':
      case 'rich_text':
        break;
      default:
        return `invalid_blocks: unknown type ${String(b.type)}`;
    }
  }
  return undefined;
}
