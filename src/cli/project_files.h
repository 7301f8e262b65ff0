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

/// Makes the directory `dir` (which must not exist: nothing is ever overwritten) and writes
/// `files` into it, as the calling user. kConflict names the fix when `dir` exists.
Status WriteProject(const std::filesystem::path& dir, const std::vector<ProjectFile>& files);

}  // namespace ds01::cli
