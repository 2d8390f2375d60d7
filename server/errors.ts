/** A request the server refuses, with the HTTP status and a message that names the bad value. */
export class InputError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409,
    message: string,
  ) {
    super(message)
    this.name = 'InputError'
  }
}
