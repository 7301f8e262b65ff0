#pragma once

#include <functional>
#include <memory>
#include <string_view>

#include "cli/args.h"
#include "cli/session.h"
#include "common/error.h"

namespace ds01::cli {

/// Runs one command whose flags have been parsed; the options live in its closure.
using Runner = std::function<Status(Session&)>;

/// One ds01 command as the registry lists it (docker/cli's cobra.Command, in small).
struct CommandSpec {
  std::string_view link;     // the seed's name, installed as a link to ds01: "container-create"
  std::string_view group;    // the first word of the canonical form: "container"; "" for "gpus"
  std::string_view verb;     // the second word: "create"
  std::string_view summary;  // one line for the command list
  std::string_view topic;    // its texts: help/<topic>.txt
  /// Declares the command's own flags on `args`, bound to fresh options, and returns what runs
  /// with them once they are parsed.
  Runner (*bind)(ArgSpec& args);
};

/// The bind of a command written as an options struct, a declare function and a run function.
template <typename Options, void (*Declare)(ArgSpec&, Options&),
          Status (*Run)(Session&, const Options&)>
Runner Bind(ArgSpec& args) {
  auto options = std::make_shared<Options>();
  Declare(args, *options);
  return [options](Session& session) { return Run(session, *options); };
}

}  // namespace ds01::cli
