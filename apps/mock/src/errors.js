// Postmark-shaped error answers: `{ "ErrorCode": <int>, "Message": <string> }`.

/** ErrorCodes the mock answers with, as Postmark documents them. */
export const errorCodes = {
  badToken: 10,
  invalidEmailRequest: 300,
  invalidJson: 402,
  invalidFields: 403,
  jsonRequired: 409,
  notFound: 404,
};

export class MockError extends Error {
  /**
   * @param {number} status HTTP status
   * @param {number} errorCode Postmark ErrorCode
   * @param {string} message
   * @param {Record<string, string>} [headers]
   */
  constructor(status, errorCode, message, headers = {}) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
    this.headers = headers;
  }

  body() {
    return { ErrorCode: this.errorCode, Message: this.message };
  }
}
