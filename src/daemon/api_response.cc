#include "daemon/api_response.h"

#include <fmt/format.h>

#include "api/wire_error.h"
#include "api/wire_json.h"

namespace ds01::daemon {

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
    case ErrorCode::kLimitExceeded:
      return 409;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kTimeout:
      return 504;
    case ErrorCode::kCancelled:
    case ErrorCode::kProtocol:
    case ErrorCode::kInternal:
      break;
  }
  return 500;
}

http::Response JsonResponse(int status, const nlohmann::json& body) {
  return JsonTextResponse(status, api::DumpWire(body));
}

http::Response JsonTextResponse(int status, std::string text) {
  http::Response response;
  response.status = status;
  response.headers = {{"Content-Type", "application/json"}};
  response.body = std::move(text);
  response.body += '\n';
  return response;
}

http::Response ErrorResponse(const Error& error) {
  return JsonResponse(HttpStatusFor(error.code),
                      api::ErrorBody{error.code, error.message, error.hint});
}

Error EngineFailure(std::string_view action, const Error& error) {
  Error wrapped = error;
  wrapped.message = fmt::format("The engine could not {}: {}", action, error.message);
  if (wrapped.hint.empty()) {
    wrapped.hint =
        "try again; if it keeps failing, ask an admin to check the engine (ds01d --check)";
  }
  return wrapped;
}

}  // namespace ds01::daemon
