#include "cli/run.h"

#include <algorithm>

#include "cli/args.h"
#include "cli/commands/registry.h"
#include "cli/dispatch.h"
#include "cli/exit_status.h"
#include "cli/help/help_text.h"

namespace ds01::cli {
namespace {

constexpr std::string_view kTopTopic = "ds01";

// The flags every command takes besides its own.
struct CommonFlags {
  bool help = false;
  bool info = false;
  bool concepts = false;
  bool guided = false;
  bool force = false;
};

void PrintTopUsage(std::ostream& out) {
  out << HelpSection(HelpText(kTopTopic), "usage") << "\n" << CommandList();
}

// -h/--help, --info or --concepts anywhere before "--": answered without parsing the rest, so
// that help works even on a command line that is otherwise wrong.
std::string_view RequestedText(const std::vector<std::string>& args) {
  for (const std::string& arg : args) {
    if (arg == "--") break;
    if (arg == "-h" || arg == "--help") return "usage";
    if (arg == "--info") return "info";
    if (arg == "--concepts") return "concepts";
  }
  return {};
}

int Fail(Session& session, const Error& error) {
  PrintError(session.err, error);
  return ExitStatusFor(error.code);
}

int RunOwn(Session& session, Invocation::Kind kind) {
  switch (kind) {
    case Invocation::Kind::kHelp:
      PrintTopUsage(session.out);
      break;
    case Invocation::Kind::kInfo:
      session.out << HelpSection(HelpText(kTopTopic), "info") << '\n';
      break;
    case Invocation::Kind::kConcepts:
      session.out << HelpSection(HelpText(kTopTopic), "concepts") << '\n';
      break;
    case Invocation::Kind::kVersion:
      session.out << "ds01 " << DS01_VERSION << '\n';
      break;
    case Invocation::Kind::kCommand:
      break;
  }
  return kExitOk;
}

}  // namespace

int RunCommandLine(Session& session, std::string_view argv0, const std::vector<std::string>& args) {
  auto invocation = Resolve(argv0, args);
  if (!invocation.ok()) {
    int status = Fail(session, invocation.error());
    session.err << '\n';
    PrintTopUsage(session.err);
    return status;
  }
  if (invocation->kind != Invocation::Kind::kCommand) return RunOwn(session, invocation->kind);

  const CommandSpec& command = *invocation->command;
  std::string_view text = HelpText(command.topic);
  if (std::string_view section = RequestedText(invocation->args); !section.empty()) {
    session.out << HelpSection(text, section) << '\n';
    return kExitOk;
  }
  ArgSpec spec(invocation->display);
  CommonFlags common;
  spec.Flag("-h,--help", &common.help);
  spec.Flag("--info", &common.info);
  spec.Flag("--concepts", &common.concepts);
  spec.Flag("--guided", &common.guided);
  Runner runner = command.bind(spec);
  // Seed 000: common to every command; -f too, unless the command's own -f (--follow) has it.
  spec.Flag(spec.Takes("-f") ? "--force" : "-f,--force", &common.force);
  if (Status parsed = spec.Parse(invocation->args); !parsed.ok()) {
    return Fail(session, parsed.error());
  }
  session.guide = Guide(common.guided ? &session.out : nullptr, text);
  session.force = common.force;
  if (Status done = runner(session); !done.ok()) return Fail(session, done.error());
  return session.exit_status.value_or(kExitOk);
}

}  // namespace ds01::cli
