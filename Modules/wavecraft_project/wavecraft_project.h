/*******************************************************************************
 BEGIN_JUCE_MODULE_DECLARATION

  ID:                 wavecraft_project
  description:        Wavecraft project mode: finds a project made by `wavecraft create`, builds its Rust engine with cargo (its first error told as soon as cargo reports it), runs its UI's dev server, writes the UI's TypeScript files and upstream's parameter cache, and swaps each rebuild's audio into a live HostSession.
  vendor:             wavecraft
  version:            0.1.0
  name:               Wavecraft project mode
  website:            https://github.com/wavecraft
  license:            MIT
  minimumCppStandard: 17

  dependencies:       wavecraft_dev_host

 END_JUCE_MODULE_DECLARATION

*******************************************************************************/

// The layers, from the bottom up (a command in a process group of its own,
// ProcessGroup, is the dev host's): the project and its Cargo manifest; a cargo build read as it goes; the
// generated files; the sources watched; the UI's dev server; and the
// session that runs them beside a HostSession.

#pragma once
#define WAVECRAFT_PROJECT_H_INCLUDED

#include <wavecraft_dev_host/wavecraft_dev_host.h>

#include "project/wavecraft_CargoManifest.h"
#include "project/wavecraft_WavecraftProject.h"
#include "build/wavecraft_CargoBuild.h"
#include "codegen/wavecraft_TypeScriptCodegen.h"
#include "codegen/wavecraft_ParameterCache.h"
#include "watching/wavecraft_SourceTreeWatcher.h"
#include "ui/wavecraft_UiDevServer.h"
#include "session/wavecraft_ProjectSession.h"
