#include "http/response_writer.h"

#include <utility>

namespace ds01::http {
namespace {

void AppendField(std::string& out, std::string_view field) {
  for (char c : field) out += (c == '\r' || c == '\n' || c == '\0') ? ' ' : c;
}

}  // namespace

std::string_view StatusReason(int status) {
  static constexpr std::pair<int, std::string_view> kReasons[] = {
      {100, "Continue"},
      {101, "Switching Protocols"},
      {200, "OK"},
      {201, "Created"},
      {202, "Accepted"},
      {204, "No Content"},
      {304, "Not Modified"},
      {400, "Bad Request"},
      {401, "Unauthorized"},
      {403, "Forbidden"},
      {404, "Not Found"},
      {405, "Method Not Allowed"},
      {408, "Request Timeout"},
      {409, "Conflict"},
      {413, "Content Too Large"},
      {422, "Unprocessable Content"},
      {429, "Too Many Requests"},
      {431, "Request Header Fields Too Large"},
      {500, "Internal Server Error"},
      {501, "Not Implemented"},
      {503, "Service Unavailable"},
      {504, "Gateway Timeout"},
      {505, "HTTP Version Not Supported"},
  };
  for (const auto& [code, reason] : kReasons) {
    if (code == status) return reason;
  }
  return "Unknown";
}

std::string SerializeResponse(const Response& response, bool keep_alive, bool head_request) {
  const int status = response.status;
  std::string out;
  out.reserve(128 + response.body.size());
  out += "HTTP/1.1 ";
  out += std::to_string(status);
  out += ' ';
  AppendField(out, response.reason.empty() ? StatusReason(status) : response.reason);
  out += "\r\n";
  for (const auto& [name, value] : response.headers) {
    if (EqualsIgnoreCase(name, "Content-Length") || EqualsIgnoreCase(name, "Transfer-Encoding") ||
        EqualsIgnoreCase(name, "Connection")) {
      continue;
    }
    AppendField(out, name);
    out += ": ";
    AppendField(out, value);
    out += "\r\n";
  }
  const bool has_body = status >= 200 && status != 204 && status != 304;
  if (has_body) out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
  if (!keep_alive) out += "Connection: close\r\n";
  out += "\r\n";
  if (has_body && !head_request) out += response.body;
  return out;
}

}  // namespace ds01::http
