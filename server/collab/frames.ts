/**
 * Reading and writing the y-websocket protocol's frames for a room: a sync update as a message,
 * and lengths read strictly (a truncated or overlong frame is a ProtocolError, never a silent cut).
 */
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import { MessageType, CloseCode } from '../../shared/protocol.ts'
import { ProtocolError } from './types.ts'

/** An update as the sync message every peer receives. */
export function updateMessage(update: Uint8Array): Uint8Array {
  const enc = encoding.createEncoder()
  encoding.writeVarUint(enc, MessageType.Sync)
  syncProtocol.writeUpdate(enc, update)
  return encoding.toUint8Array(enc)
}

export function readVarUint(decoder: decoding.Decoder): number {
  try {
    return decoding.readVarUint(decoder)
  } catch {
    throw new ProtocolError(CloseCode.MalformedMessage, 'truncated message')
  }
}

/** lib0 silently truncates a length prefix that runs past the frame; refuse it instead. */
export function readVarUint8Array(decoder: decoding.Decoder): Uint8Array {
  const len = readVarUint(decoder)
  if (decoder.pos + len > decoder.arr.length) {
    throw new ProtocolError(CloseCode.MalformedMessage, 'length prefix runs past the end of the frame')
  }
  return decoding.readUint8Array(decoder, len)
}
