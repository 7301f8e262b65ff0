#include "policy/path_resolver.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <deque>
#include <vector>

namespace ds01::policy {
namespace {

constexpr int kMaxSymlinks = 40;  // the kernel's own limit (ELOOP)

std::deque<std::string> SplitComponents(std::string_view path) {
  std::deque<std::string> parts;
  std::size_t pos = 0;
  while (pos <= path.size()) {
    std::size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > pos) parts.emplace_back(path.substr(pos, slash - pos));
    pos = slash + 1;
  }
  return parts;
}

std::string JoinComponents(const std::vector<std::string>& parts) {
  if (parts.empty()) return "/";
  std::string out;
  for (const auto& part : parts) out += "/" + part;
  return out;
}

Error Unresolvable(std::string_view path, std::string why, std::string hint) {
  return MakeError(ErrorCode::kInvalidArgument,
                   "cannot resolve path '" + std::string(path) + "': " + why, std::move(hint));
}

Result<std::string> ReadLink(const std::string& link) {
  std::vector<char> buffer(256);
  while (true) {
    ssize_t n = readlink(link.c_str(), buffer.data(), buffer.size());
    if (n < 0) return Unresolvable(link, std::strerror(errno), "check the symlink");
    if (static_cast<std::size_t>(n) < buffer.size()) {
      return std::string(buffer.data(), static_cast<std::size_t>(n));
    }
    buffer.resize(buffer.size() * 2);
  }
}

}  // namespace

Result<std::string> ResolvePath(std::string_view path) {
  if (path.empty() || path[0] != '/') {
    return Unresolvable(path, "not an absolute path", "write a path starting with /");
  }
  if (path.find('\0') != std::string_view::npos) {
    return Unresolvable("(with a NUL byte)", "paths cannot contain NUL", "remove the NUL byte");
  }
  std::deque<std::string> pending = SplitComponents(path);
  std::vector<std::string> resolved;
  // Index in `resolved` of the first component that does not exist; below it nothing can be
  // a symlink, so the rest is taken as written.
  std::size_t missing_from = SIZE_MAX;
  int symlinks = 0;
  while (!pending.empty()) {
    std::string part = std::move(pending.front());
    pending.pop_front();
    if (part == ".") continue;
    if (part == "..") {
      if (!resolved.empty()) resolved.pop_back();
      if (resolved.size() <= missing_from) missing_from = SIZE_MAX;
      continue;
    }
    resolved.push_back(std::move(part));
    if (missing_from != SIZE_MAX) continue;
    std::string current = JoinComponents(resolved);
    struct stat info {};
    if (lstat(current.c_str(), &info) != 0) {
      if (errno == ENOENT) {
        missing_from = resolved.size() - 1;
        continue;
      }
      return Unresolvable(path, current + ": " + std::strerror(errno),
                          "check that every part of the path is a directory you can reach");
    }
    if (S_ISLNK(info.st_mode)) {
      if (++symlinks > kMaxSymlinks) {
        return Unresolvable(path, "too many levels of symlinks", "remove the symlink loop");
      }
      auto target = ReadLink(current);
      if (!target.ok()) return std::move(target).error();
      resolved.pop_back();
      if (!target->empty() && (*target)[0] == '/') resolved.clear();
      std::deque<std::string> link_parts = SplitComponents(*target);
      pending.insert(pending.begin(), link_parts.begin(), link_parts.end());
      continue;
    }
    if (!S_ISDIR(info.st_mode) && !pending.empty()) {
      return Unresolvable(path, current + " is not a directory",
                          "name a directory or a file at the end of the path");
    }
  }
  return JoinComponents(resolved);
}

bool IsWithin(std::string_view path, std::string_view root) {
  if (root == "/") return true;
  if (path.size() < root.size() || path.substr(0, root.size()) != root) return false;
  return path.size() == root.size() || path[root.size()] == '/';
}

}  // namespace ds01::policy
