#include "policy/host_path.h"

#include <vector>

namespace ds01::policy {

Result<std::string> NormalizePath(std::string_view path, std::string_view what) {
  if (path.empty() || path[0] != '/') {
    return MakeError(ErrorCode::kInvalidArgument,
                     std::string(what) + " '" + std::string(path) + "' is not an absolute path",
                     "write the path in full, starting with /");
  }
  if (path.find('\0') != std::string_view::npos) {
    return MakeError(ErrorCode::kInvalidArgument, std::string(what) + " contains a NUL byte",
                     "remove the NUL byte");
  }
  std::vector<std::string_view> parts;
  std::size_t pos = 0;
  while (pos < path.size()) {
    std::size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    const std::string_view part = path.substr(pos, slash - pos);
    pos = slash + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  if (parts.empty()) return std::string("/");
  std::string out;
  for (std::string_view part : parts) {
    out += '/';
    out += part;
  }
  return out;
}

bool IsWithin(std::string_view path, std::string_view root) {
  if (root == "/") return true;
  if (path.size() < root.size() || path.substr(0, root.size()) != root) return false;
  return path.size() == root.size() || path[root.size()] == '/';
}

std::string RelativeTo(std::string_view path, std::string_view root) {
  if (path.size() <= root.size()) return {};
  return std::string(path.substr(root == "/" ? 1 : root.size() + 1));
}

}  // namespace ds01::policy
