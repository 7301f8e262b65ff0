#include "cli/dispatch.h"

#include "cli/args.h"
#include "cli/commands/registry.h"

namespace ds01::cli {
namespace {

std::string_view BaseName(std::string_view path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

Invocation ForCommand(const CommandSpec& command, std::string display,
                      const std::vector<std::string>& args, std::size_t skip) {
  return Invocation{
      Invocation::Kind::kCommand, &command, std::move(display),
      std::vector<std::string>(args.begin() + static_cast<std::ptrdiff_t>(skip), args.end())};
}

Invocation Own(Invocation::Kind kind) {
  Invocation invocation;
  invocation.kind = kind;
  invocation.display = "ds01";
  return invocation;
}

Error UnknownCommand(std::string message) {
  return UsageError(std::move(message),
                    "use one of: " + CommandNames() + " (ds01 --help lists what they do)");
}

}  // namespace

Result<Invocation> Resolve(std::string_view argv0, const std::vector<std::string>& args) {
  std::string_view program = BaseName(argv0);
  if (const CommandSpec* linked = FindByLink(program); linked != nullptr) {
    return ForCommand(*linked, std::string(program), args, 0);
  }
  if (IsGroup(program)) {  // a link named after a group: `project init` is `ds01 project init`
    std::vector<std::string> words{std::string(program)};
    words.insert(words.end(), args.begin(), args.end());
    return Resolve("ds01", words);
  }
  if (args.empty()) return UnknownCommand("no command given");
  const std::string& first = args[0];
  if (first == "-h" || first == "--help") return Own(Invocation::Kind::kHelp);
  if (first == "--info") return Own(Invocation::Kind::kInfo);
  if (first == "--concepts") return Own(Invocation::Kind::kConcepts);
  if (first == "--version") return Own(Invocation::Kind::kVersion);
  if (const CommandSpec* linked = FindByLink(first); linked != nullptr) {
    return ForCommand(*linked, first, args, 1);
  }
  if (const CommandSpec* single = FindByWords("", first); single != nullptr) {
    return ForCommand(*single, "ds01 " + first, args, 1);
  }
  if (IsGroup(first)) {
    if (args.size() < 2 || args[1].starts_with("-")) {
      return UnknownCommand("'ds01 " + first + "' needs a command after it");
    }
    if (const CommandSpec* grouped = FindByWords(first, args[1]); grouped != nullptr) {
      return ForCommand(*grouped, "ds01 " + first + " " + args[1], args, 2);
    }
    return UnknownCommand("unknown command 'ds01 " + first + " " + args[1] + "'");
  }
  return UnknownCommand("unknown command '" + first + "'");
}

}  // namespace ds01::cli
