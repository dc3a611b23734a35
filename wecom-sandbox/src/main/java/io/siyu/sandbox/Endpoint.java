package io.siyu.sandbox;

import java.util.Map;

/** One /cgi-bin API; returns the fields to add to {"errcode":0,"errmsg":"ok"} or throws ApiError. */
@FunctionalInterface
interface Endpoint {
  Map<String, Object> handle(ApiCall call);
}
