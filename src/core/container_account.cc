#include "core/container_account.h"

#include <fmt/format.h>

namespace ds01::core {
namespace {

// The first two `:`-separated fields of a passwd or group line: its name and the id field
// (passwd's uid is the third field, group's gid the third too).
struct Fields {
  std::string_view name;
  std::string_view id;
};

Fields NameAndId(std::string_view line) {
  Fields fields;
  std::size_t start = 0;
  for (int field = 0; field < 3; ++field) {
    const std::size_t end = line.find(':', start);
    const std::string_view value =
        line.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (field == 0) fields.name = value;
    if (field == 2) fields.id = value;
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return fields;
}

// `text`'s lines without those `drop` picks, each ending in a newline.
template <typename Drop>
std::string LinesWithout(std::string_view text, Drop drop) {
  std::string kept;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (line.empty() || drop(NameAndId(line))) continue;
    kept.append(line);
    kept.push_back('\n');
  }
  return kept;
}

constexpr std::string_view kContainerExit =
    "#!/bin/sh\n"
    "# container-exit (ds01): leaves the shell it is run from; the container keeps running.\n"
    "# `exit` and Ctrl-D do the same.\n"
    "kill -HUP \"$PPID\"\n";

}  // namespace

std::string PasswdWith(std::string_view passwd, const ContainerAccount& account) {
  const std::string uid = std::to_string(account.uid);
  std::string text = LinesWithout(
      passwd, [&](const Fields& line) { return line.name == account.user || line.id == uid; });
  text += fmt::format("{0}:x:{1}:{2}:{0}:{3}:/bin/sh\n", account.user, account.uid, account.gid,
                      account.home());
  return text;
}

std::string GroupWith(std::string_view group, const ContainerAccount& account) {
  const std::string gid = std::to_string(account.gid);
  bool has_gid = false;
  std::string text = LinesWithout(group, [&](const Fields& line) {
    has_gid = has_gid || line.id == gid;
    return false;
  });
  if (has_gid) return text;
  text = LinesWithout(group, [&](const Fields& line) { return line.name == account.user; });
  text += fmt::format("{}:x:{}:\n", account.user, account.gid);
  return text;
}

std::vector<docker::ArchiveEntry> AccountFiles(const ContainerAccount& account,
                                               std::string_view passwd, std::string_view group) {
  return {
      {"etc/passwd", PasswdWith(passwd, account), 0644, 0, 0, false},
      {"etc/group", GroupWith(group, account), 0644, 0, 0, false},
      {account.home().substr(1), "", 0755, account.uid, account.gid, true},
      {"usr/local/bin/container-exit", std::string(kContainerExit), 0755, 0, 0, false},
  };
}

}  // namespace ds01::core
