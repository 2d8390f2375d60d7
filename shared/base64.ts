/**
 * Comment anchors carry Yjs relative positions as base64 text (SPEC K1). Client and server encode
 * them with the same codec, lib0's (Yjs's own), so both read exactly what the other wrote.
 */
import * as Y from 'yjs'
import { fromBase64, toBase64 } from 'lib0/buffer'

export const relativePositionToBase64 = (pos: Y.RelativePosition): string => toBase64(Y.encodeRelativePosition(pos))

/**
 * Throws when the bytes are no relative position. Node's decoder skips characters outside base64,
 * so whoever needs strict text (the server, on what clients send) checks it first.
 */
export const relativePositionFromBase64 = (text: string): Y.RelativePosition => Y.decodeRelativePosition(fromBase64(text))
