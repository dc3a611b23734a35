package io.siyu.sandbox;

/** A WeCom error answer: HTTP 200 with a non-zero errcode. */
final class ApiError extends RuntimeException {

  final int code;

  ApiError(int code) {
    this(code, null);
  }

  ApiError(int code, String detail) {
    super(detail == null ? ErrorCodes.message(code)
        : ErrorCodes.message(code) + (ErrorCodes.message(code).endsWith(".") ? " " : ". ") + detail, null, false, false);
    this.code = code;
  }
}
