package io.siyu.sandbox;

/**
 * A WeCom error: answered as HTTP 200 with a non-zero errcode, or thrown by a client action that
 * WeCom would refuse (unknown contact way, unknown member, ...).
 */
public final class ApiError extends RuntimeException {

  final int code;

  ApiError(int code) {
    this(code, null);
  }

  ApiError(int code, String detail) {
    super(detail == null ? ErrorCodes.message(code)
        : ErrorCodes.message(code) + (ErrorCodes.message(code).endsWith(".") ? " " : ". ") + detail, null, false, false);
    this.code = code;
  }

  /** The WeCom errcode. */
  public int code() {
    return code;
  }
}
