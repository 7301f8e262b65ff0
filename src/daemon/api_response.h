#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/error.h"
#include "http/message.h"

namespace ds01::daemon {

/// The HTTP status an error answers with (docs/api.md): invalid_argument 400,
/// permission_denied 403, not_found 404, conflict and limit_exceeded 409, unavailable 503,
/// timeout 504, anything else 500.
int HttpStatusFor(ErrorCode code);

/// `body` as JSON with `status`.
http::Response JsonResponse(int status, const nlohmann::json& body);

/// A JSON text already serialised, with `status`.
http::Response JsonTextResponse(int status, std::string text);

/// {"error": {"code", "message", "hint"}} with the error's status.
http::Response ErrorResponse(const Error& error);

/// `error` from the engine, told as what ds01d was doing: "The engine could not `action`: …",
/// with a hint to try again (or the engine's own).
Error EngineFailure(std::string_view action, const Error& error);

}  // namespace ds01::daemon
