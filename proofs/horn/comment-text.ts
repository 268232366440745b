/**
 * A design's name inside a comment of an exported model (ProVerif `(* … *)`, Tamarin `/* … *\/`): the name is the
 * maker's text, so a line feed or control in it is shown as its escape (showControls, with the maker's marked line
 * feeds), and the comment's closing sequence is split, so that no name can end the comment and write model code
 * the tool would then prove ("x *) query attacker(sk)." in a name).
 */
import { showControls } from '../../formats/diagnostics/visible-controls.js';

export function commentText(name: string, closing: '*)' | '*/'): string {
  return showControls(name, { oneLine: true }).split(closing).join(`${closing[0]} ${closing[1]}`);
}
