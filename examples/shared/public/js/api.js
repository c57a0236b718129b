// Calls the demo's JSON API. Every error the server sends has a code, a
// message in words, usually a hint, and sometimes the form field it is about.

/** An error answer of the API. */
export class ApiError extends Error {
  constructor(status, error) {
    super(error.message);
    this.status = status;
    this.code = error.code;
    this.hint = error.hint;
    this.field = error.field;
  }
}

/** Sends a request (JSON body for anything but GET) and returns the JSON answer, or throws an ApiError. */
export async function api(path, { method = 'GET', body } = {}) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
    });
  } catch {
    throw new ApiError(0, {
      code: 'NETWORK',
      message: 'The server cannot be reached.',
      hint: 'Check that the demo is still running, then try again.',
    });
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(
      response.status,
      data?.error ?? { code: `HTTP_${response.status}`, message: `The server answered ${response.status}.` },
    );
  }
  return data;
}
