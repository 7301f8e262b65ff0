#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "common/error.h"

namespace ds01::cli {

/// What `project init` puts in a new project.
struct ProjectTemplate {
  std::string name;       // the project's name, as containers and images take it
  std::string framework;  // "pytorch": a key of the config's frameworks catalogue
  std::string image;      // its base image, the Dockerfile's FROM
  int gpus = 1;           // [tool.ds01] gpus: what its containers ask for
};

/// One file of a new project: its path inside the project and its text.
struct ProjectFile {
  std::string path;
  std::string text;
};

/// The files of a new project: Dockerfile (FROM the framework's image, WORKDIR /workspace),
/// pyproject.toml with its [tool.ds01] table (framework, gpus), README.md and .gitignore.
std::vector<ProjectFile> ProjectFiles(const ProjectTemplate& project);

/// What a project's pyproject.toml says in its [tool.ds01] table, defaults where it is silent.
struct ProjectSettings {
  std::string framework;  // empty when not said
  int gpus = 1;           // what its containers ask for
};

/// Reads `dir`/pyproject.toml as the calling user. A project without the file, or without the
/// table, has the defaults; a file that is not TOML, or a value of the wrong type or range, is
/// kInvalidArgument naming the file and the fix.
Result<ProjectSettings> ReadProjectSettings(const std::filesystem::path& dir);

/// One project of a workspace, as menus show it.
struct ProjectEntry {
  std::string name;
  ProjectSettings settings;  // the defaults when its pyproject.toml cannot be read
};

/// The projects under `root` (its directories that hold a Dockerfile), by name.
std::vector<ProjectEntry> ListProjects(const std::filesystem::path& root);

/// Makes the directory `dir` (which must not exist: nothing is ever overwritten) and writes
/// `files` into it, as the calling user. kConflict names the fix when `dir` exists.
Status WriteProject(const std::filesystem::path& dir, const std::vector<ProjectFile>& files);

}  // namespace ds01::cli
