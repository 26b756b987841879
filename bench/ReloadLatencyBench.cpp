/*
    How soon a rebuilt plugin is heard: a live HostSession (the Virtual
    device, 128-frame blocks) runs one build; a new build is renamed over the
    plugin file, as a build does, and the time runs until the new build has
    processed its first block, as the audio thread stamps it (the message
    thread, which sees it later, is timed too). ROUNDS times, alternating two builds. The
    plugin runs isolated in a worker process, as the host runs it, or in this
    process with --in-process.

    The peer, measured in the same run: loading the same library directly
    (DevPluginFormat::createInstance: copy, dlopen, params, create; isolated, also the
    worker's start), the least any reload takes. The ratio says what the watch and the swap add to it.

    wavecraft_reload_bench [ROUNDS] [--in-process] [--without-build-check] [--bundles A B]

    The builds are the example plugins beside the binary; with --bundles, two
    builds of one VST3 or LV2 plugin (e.g. Tests/plugins/tlv2_gain.lv2 and
    tlv2_gain_x4.lv2): a copy of A is hosted, and each round renames the
    other build's binary over the one in it.
*/
#include <wavecraft_dev_host/wavecraft_dev_host.h>

#include <algorithm>
#include <iostream>

namespace
{
double median (std::vector<double> values)
{
    std::sort (values.begin(), values.end());
    return values.empty() ? 0.0 : values[values.size() / 2];
}

juce::File sibling (const char* name)
{
    return juce::File::getSpecialLocation (juce::File::currentExecutableFile).getSiblingFile (name);
}

/** Pumps the message loop until `condition` holds; false after 5 s. */
template <typename Condition>
bool pumpUntil (Condition&& condition)
{
    const auto deadline = wavecraft::getMonotonicMillis() + 5000;

    while (! condition())
    {
        if (wavecraft::getMonotonicMillis() > deadline)
            return false;

        juce::MessageManager::getInstance()->runDispatchLoopUntil (0);
    }

    return true;
}
} // namespace

int main (int argc, char* argv[])
{
    if (const auto workerExitCode = wavecraft::PluginWorker::runIfRequested (argc, argv))
        return *workerExitCode;

    // In either order: a flag taken for the count ran one round, isolated.
    auto rounds = 10;
    auto inProcess = false, checkEachBuild = true;
    juce::File bundles[2];

    for (int i = 1; i < argc; ++i)
    {
        const juce::String argument (argv[i]);

        if (argument == "--in-process")
            inProcess = true;
        else if (argument == "--bundles" && i + 2 < argc)
        {
            bundles[0] = juce::File::getCurrentWorkingDirectory().getChildFile (argv[++i]);
            bundles[1] = juce::File::getCurrentWorkingDirectory().getChildFile (argv[++i]);
        }
        else if (argument == "--without-build-check")
            checkEachBuild = false;
        else if (argument.containsOnly ("0123456789") && argument.getIntValue() > 0)
            rounds = argument.getIntValue();
        else
        {
            std::cerr << "reload bench: '" << argument << "' is neither a number of rounds, --in-process, --without-build-check nor --bundles A B" << std::endl;
            return 2;
        }
    }
    const auto hostsBundles = bundles[0] != juce::File();
    const juce::File builds[] = { hostsBundles ? wavecraft::HostSession::watchedFileOf (bundles[0]) : sibling ("libwavecraft_example_gain" WAVECRAFT_PLUGIN_SUFFIX),
                                  hostsBundles ? wavecraft::HostSession::watchedFileOf (bundles[1]) : sibling ("libwavecraft_example_filter" WAVECRAFT_PLUGIN_SUFFIX) };
    juce::ScopedJuceInitialiser_GUI juce;
    const auto folder = juce::File::createTempFile ("reload-bench");
    folder.createDirectory();
    const auto pluginFile = hostsBundles ? folder.getChildFile (bundles[0].getFileName()) : folder.getChildFile ("libplugin" WAVECRAFT_PLUGIN_SUFFIX);

    if (hostsBundles)
        bundles[0].copyDirectoryTo (pluginFile);
    else
        builds[0].copyFileTo (pluginFile);

    // What a build replaces: the library, or the binary in the bundle.
    const auto builtFile = wavecraft::HostSession::watchedFileOf (pluginFile);

    wavecraft::HostSession session;
    wavecraft::HostSession::Options options;
    options.plugin = pluginFile;
    options.device = { wavecraft::VirtualAudioIODevice::typeName, {}, {}, 48000.0, 128 };
    options.inputSource = "sine:440";
    options.isolation = inProcess ? wavecraft::HostSession::PluginIsolation::inProcess : wavecraft::HostSession::PluginIsolation::childProcess;
    options.checkEachBuild = checkEachBuild; // on, as the app runs: each build's quick check shares the cores with the next reload

    if (const auto started = session.start (options); started.failed() || ! session.getPluginInfo().has_value())
    {
        std::cerr << "reload bench: " << started.getErrorMessage() << std::endl;
        return 1;
    }

    std::vector<double> reloadMs, seenMs, loadMs;

    for (int round = 0; round < rounds; ++round)
    {
        const auto& next = builds[(round + 1) % 2];
        const auto incoming = builtFile.getSiblingFile ("incoming" WAVECRAFT_PLUGIN_SUFFIX);
        next.copyFileTo (incoming);
        // Settled, with the message loop running as an app's does: the last
        // round's old build is dropped now (the engine's timer), not on the
        // message thread's first turn after the rename.
        juce::MessageManager::getInstance()->runDispatchLoopUntil (300);

        const auto reloadsBefore = session.getNumReloads();
        const auto started = wavecraft::getMonotonicNanos();
        incoming.moveFileTo (builtFile);

        // Timed by the audio thread's stamp of the new build's first block:
        // the message thread, busy after a swap (the build's check copies it),
        // would see that block late.
        const auto& player = session.getEngine().getCallback().getPlayer();
        const auto heard = pumpUntil ([&]
                                      { return session.getNumReloads() != reloadsBefore && session.getPluginInfo().has_value()
                                            && player.getFirstHeardNanos() != 0; });

        if (! heard)
        {
            std::cerr << "reload bench: round " << round << ": the new build never ran" << std::endl;
            return 1;
        }

        seenMs.push_back ((double) (wavecraft::getMonotonicNanos() - started) / 1.0e6);
        reloadMs.push_back ((double) (player.getFirstHeardNanos() - started) / 1.0e6);

        wavecraft::PluginLoadError error;
        const auto loadStarted = wavecraft::getMonotonicNanos();
        wavecraft::DevPluginFormat::Options options;
        options.isolated = ! inProcess;
        auto direct = wavecraft::DevPluginFormat (options).createInstance (pluginFile, error);
        loadMs.push_back ((double) (wavecraft::getMonotonicNanos() - loadStarted) / 1.0e6);
        direct.reset();
    }

    const auto watching = session.isWatchingPluginFile();
    session.stop();
    folder.deleteRecursively();

    const auto reload = median (reloadMs), load = median (loadMs);
    std::cout << (hostsBundles ? pluginFile.getFileName() + ", " : juce::String()) << "plugin " << (inProcess ? "in-process" : "isolated (a worker process)") << ", watching with "
              << (watching ? "inotify" : "polling") << ", " << rounds << " rounds, 128-frame blocks at 48 kHz (2.67 ms)" << std::endl;
    std::cout << "rename to the new build's first block: median " << juce::String (reload, 2) << " ms (goal <= 50 ms), worst "
              << juce::String (*std::max_element (reloadMs.begin(), reloadMs.end()), 2) << " ms" << std::endl;
    std::cout << "the message thread saw it played: median " << juce::String (median (seenMs), 2) << " ms (after the swap, it copies the build for its check)" << std::endl;
    std::cout << "loading the same library directly: median " << juce::String (load, 2) << " ms" << std::endl;
    std::cout << "reload/load ratio: " << juce::String (reload / juce::jmax (0.001, load), 2) << std::endl;
    return 0;
}
