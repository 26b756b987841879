// For TP_GROWS_STRING_IN_PROCESS: a std::string grown in process(), as a
// debug message built on the audio thread: the growth allocates inside the
// C++ runtime (libstdc++'s out-of-line string code), not in the plugin, and
// the monitor must still count it at the plugin's line.
#include <string>

extern "C" unsigned tp_grow_string (unsigned numSamples)
{
    std::string message ("block of ");
    message.append (numSamples, '#'); // the growth named, at this line
    return (unsigned) message.size();
}
