#include "http/request_writer.h"

#include <string_view>

namespace ds01::http {
namespace {

Error Refused(std::string what) {
  return MakeError(ErrorCode::kInvalidArgument, "cannot send the HTTP request: " + std::move(what),
                   "remove spaces and control characters from the method, target and headers");
}

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && std::string_view("!#$%&'*+-.^_`|~").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

bool IsVisible(std::string_view s) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) return false;
  }
  return true;
}

bool IsFieldValue(std::string_view s) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f) return false;
  }
  return true;
}

}  // namespace

Result<std::string> SerializeRequest(const Request& request) {
  if (!IsToken(request.method)) return Refused("the method is not a token");
  if (request.target.empty() || !IsVisible(request.target)) {
    return Refused("the target is empty or contains spaces or control characters");
  }
  for (const auto& [name, value] : request.headers) {
    if (!IsToken(name)) return Refused("the header name \"" + name + "\" is not a token");
    if (!IsFieldValue(value)) return Refused("header " + name + " has a control character");
  }
  auto length = FindHeader(request.headers, "Content-Length");
  if (length && *length != std::to_string(request.body.size())) {
    return Refused("Content-Length " + std::string(*length) + " does not match the " +
                   std::to_string(request.body.size()) + "-byte body");
  }

  std::string out;
  out.reserve(256 + request.body.size());
  out += request.method;
  out += ' ';
  out += request.target;
  out += " HTTP/1.1\r\n";
  if (!FindHeader(request.headers, "Host")) out += "Host: localhost\r\n";
  for (const auto& [name, value] : request.headers) {
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  bool method_has_body =
      request.method == "POST" || request.method == "PUT" || request.method == "PATCH";
  if (!length && !FindHeader(request.headers, "Transfer-Encoding") &&
      (!request.body.empty() || method_has_body)) {
    out += "Content-Length: " + std::to_string(request.body.size()) + "\r\n";
  }
  out += "\r\n";
  out += request.body;
  return out;
}

}  // namespace ds01::http
