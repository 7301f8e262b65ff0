#include "docker/engine.h"

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <utility>

#include "http/percent_encode.h"

namespace ds01::docker {
namespace {

using std::chrono::milliseconds;

constexpr std::string_view kDefaultAddress = "unix:///var/run/docker.sock";
// Connect's whole budget (a dead engine must be reported within 2 s), split between the
// connect and the answer to /_ping. A unix socket connects at once or not at all.
constexpr milliseconds kPingBudget{1900};
constexpr milliseconds kUnixConnectTimeout{200};
constexpr milliseconds kTcpConnectTimeout{900};
constexpr std::size_t kMaxErrorBody = 64 * 1024;

Error Unreachable(const std::string& address, const std::string& reason) {
  return MakeError(ErrorCode::kUnavailable,
                   "Docker engine not reachable at " + address + ": " + reason,
                   "start dockerd or set DOCKER_HOST");
}

// Transport failures of a connected engine read like a failed Connect; the rest pass through.
Error FromTransport(const std::string& address, Error error) {
  if (error.code == ErrorCode::kUnavailable) return Unreachable(address, error.message);
  return error;
}

bool IsError(int status) { return status >= 300 && status != 304; }

// "1.41" → {1, 41}; anything unparsable sorts first.
std::pair<long, long> VersionKey(std::string_view version) {
  std::string text(version);
  char* end = nullptr;
  long major = std::strtol(text.c_str(), &end, 10);
  if (end == text.c_str() || *end != '.') return {-1, -1};
  const char* minor_start = end + 1;
  long minor = std::strtol(minor_start, &end, 10);
  if (end == minor_start) return {-1, -1};
  return {major, minor};
}

std::string ResolveAddress(std::string address) {
  if (!address.empty()) return address;
  const char* from_env = std::getenv("DOCKER_HOST");
  if (from_env != nullptr && *from_env != '\0') return from_env;
  return std::string(kDefaultAddress);
}

std::string_view HintFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "correct the request as the engine's message says";
    case ErrorCode::kPermissionDenied:
      return "run as a user allowed to use the Docker engine";
    case ErrorCode::kNotFound:
      return "check the name or ID; it may have been removed";
    case ErrorCode::kConflict:
      return "change the name or the object's state first, as the engine's message says";
    case ErrorCode::kTimeout:
      return "try again; the engine is slow to answer";
    default:
      return "see the Docker engine's log for the cause";
  }
}

ErrorCode CodeForStatus(int status) {
  switch (status) {
    case 304:
    case 409:
      return ErrorCode::kConflict;
    case 400:
      return ErrorCode::kInvalidArgument;
    case 401:
    case 403:
      return ErrorCode::kPermissionDenied;
    case 404:
      return ErrorCode::kNotFound;
    case 408:
      return ErrorCode::kTimeout;
    default:
      return status >= 500 ? ErrorCode::kInternal : ErrorCode::kProtocol;
  }
}

}  // namespace

Error ErrorFromEngine(int status, std::string_view body) {
  std::string message;
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_object()) {
    auto it = parsed.find("message");
    if (it != parsed.end() && it->is_string()) message = it->get<std::string>();
  }
  if (message.empty()) {
    std::string_view text = body.substr(0, 500);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
      text.remove_suffix(1);
    }
    message = text.empty() ? "the Docker engine answered HTTP " + std::to_string(status)
                           : std::string(text);
  }
  ErrorCode code = CodeForStatus(status);
  return MakeError(code, std::move(message), std::string(HintFor(code)));
}

std::string EncodeFilters(const std::map<std::string, std::vector<std::string>>& filters) {
  nlohmann::json object = nlohmann::json::object();
  for (const auto& [key, values] : filters) object[key] = values;
  return http::PercentEncode(object.dump());
}

std::string OlderApiVersion(std::string_view a, std::string_view b) {
  return std::string(VersionKey(a) <= VersionKey(b) ? a : b);
}

Engine::Engine(std::string address, std::unique_ptr<http::Client> client, std::string api_version)
    : address_(std::move(address)),
      client_(std::move(client)),
      api_version_(std::move(api_version)) {}

Result<std::unique_ptr<Engine>> Engine::Connect(std::string address) {
  address = ResolveAddress(std::move(address));
  Result<http::Endpoint> endpoint = http::ParseEndpoint(address);
  if (!endpoint.ok()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "Invalid Docker engine address '" + address + "': " + endpoint.error().message,
                     "write it as unix:///path/to/docker.sock or tcp://host:port");
  }
  http::Timeouts timeouts;
  timeouts.connect =
      endpoint->kind == http::Endpoint::Kind::kUnix ? kUnixConnectTimeout : kTcpConnectTimeout;
  auto client = std::make_unique<http::Client>(*endpoint, timeouts);

  auto started = std::chrono::steady_clock::now();
  http::Request ping{"GET", "/_ping", {{"Host", "localhost"}}, {}};
  Result<http::Response> pong = client->Do(ping, kPingBudget - timeouts.connect);
  if (!pong.ok()) {
    if (pong.error().code == ErrorCode::kTimeout) {
      auto waited =
          std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - started);
      return Unreachable(
          address, "no answer to GET /_ping within " + std::to_string(waited.count()) + " ms");
    }
    return Unreachable(address, pong.error().message);
  }
  if (pong->status != 200) {
    return Unreachable(address, "GET /_ping answered HTTP " + std::to_string(pong->status));
  }
  std::optional<std::string_view> server_version = http::FindHeader(pong->headers, "Api-Version");
  if (!server_version || VersionKey(*server_version).first < 0) {
    return Unreachable(address,
                       "GET /_ping gave no Api-Version header, so this is not a Docker "
                       "engine");
  }
  std::string version = OlderApiVersion(*server_version, kMaxApiVersion);
  return std::unique_ptr<Engine>(new Engine(address, std::move(client), std::move(version)));
}

const std::string& Engine::address() const { return address_; }

const std::string& Engine::api_version() const { return api_version_; }

http::Request Engine::MakeRequest(std::string_view method, std::string_view path, std::string body,
                                  http::Headers headers) const {
  if (!body.empty() && !http::FindHeader(headers, "Content-Type")) {
    headers.emplace_back("Content-Type", "application/json");
  }
  std::string target;
  target.reserve(path.size() + api_version_.size() + 2);
  target.append("/v").append(api_version_).append(path);
  return http::Request{std::string(method), std::move(target), std::move(headers), std::move(body)};
}

Result<http::Response> Engine::Call(std::string_view method, std::string_view path,
                                    std::string body, http::Headers headers) {
  Result<http::Response> response =
      client_->Do(MakeRequest(method, path, std::move(body), std::move(headers)));
  if (!response.ok()) return FromTransport(address_, std::move(response).error());
  if (IsError(response->status)) return ErrorFromEngine(response->status, response->body);
  return response;
}

Result<http::Response> Engine::CallWithTimeout(std::string_view method, std::string_view path,
                                               milliseconds io_timeout, std::string body,
                                               http::Headers headers) {
  Result<http::Response> response =
      client_->Do(MakeRequest(method, path, std::move(body), std::move(headers)), io_timeout);
  if (!response.ok()) return FromTransport(address_, std::move(response).error());
  if (IsError(response->status)) return ErrorFromEngine(response->status, response->body);
  return response;
}

Result<std::unique_ptr<http::BodyStream>> Engine::OpenStream(std::string_view method,
                                                             std::string_view path,
                                                             std::string body,
                                                             http::Headers headers,
                                                             milliseconds read_timeout) {
  Result<std::unique_ptr<http::BodyStream>> stream =
      client_->Stream(MakeRequest(method, path, std::move(body), std::move(headers)), read_timeout);
  if (!stream.ok()) return FromTransport(address_, std::move(stream).error());
  int status = (*stream)->head().status;
  if (IsError(status)) {
    Result<std::string> error_body = (*stream)->ReadAll(kMaxErrorBody);
    return ErrorFromEngine(status, error_body.ok() ? *error_body : std::string());
  }
  return stream;
}

Result<std::unique_ptr<http::RawStream>> Engine::Hijack(std::string_view method,
                                                        std::string_view path, std::string body) {
  Result<http::UpgradeOutcome> outcome =
      client_->TryUpgrade(MakeRequest(method, path, std::move(body), {}));
  if (!outcome.ok()) return FromTransport(address_, std::move(outcome).error());
  if (!outcome->stream) {
    return ErrorFromEngine(outcome->refusal.status, outcome->refusal.body);
  }
  return std::move(outcome->stream);
}

}  // namespace ds01::docker
