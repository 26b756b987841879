/*
    Example plugin in C++17: a state-variable filter with a built-in tone.

    Parameters, in the order of the params JSON (and of apply_plain_values):
      0  cutoff      float 20..20000 Hz, default 1000   group "Filter"
      1  resonance   float 0..1, default 0.3            group "Filter"
      2  mode        enum 0..2, default 0               "Low pass", "Band pass", "High pass"
      3  tone_level  float 0..1, default 0.1            group "Tone"
      4  tone_freq   float 20..2000 Hz, default 220     group "Tone"

    The tone is a sine added to the input before the filter, so the filter is
    audible even when the host feeds silence (the default for a machine with no
    sound card). This is the plugin the host loads when given no --plugin.

    The filter is the trapezoidal (TPT) state-variable filter from Andrew
    Simper's "Linear trapezoidal integrated SVF" (Cytomic, 2013): stable under
    fast cutoff changes, one set of coefficients for all three outputs.
*/

#include "wavecraft_dev_abi.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <cstring>
#include <new>

namespace
{
constexpr double pi = 3.14159265358979323846;

enum Parameter
{
    paramCutoff,
    paramResonance,
    paramMode,
    paramToneLevel,
    paramToneFreq,
    numParameters
};

enum class Mode
{
    lowPass,
    bandPass,
    highPass
};

// Kept in step with Parameter and with FilterPlugin::applyPlainValues.
constexpr char paramsJson[] =
    R"([)"
    R"({"id":"cutoff","name":"Cutoff","type":"float","value":1000.0,"default":1000.0,"min":20.0,"max":20000.0,"unit":"Hz","group":"Filter"},)"
    R"({"id":"resonance","name":"Resonance","type":"float","value":0.3,"default":0.3,"min":0.0,"max":1.0,"group":"Filter"},)"
    R"({"id":"mode","name":"Mode","type":"enum","value":0,"default":0,"min":0,"max":2,"group":"Filter","variants":["Low pass","Band pass","High pass"]},)"
    R"({"id":"tone_level","name":"Tone level","type":"float","value":0.1,"default":0.1,"min":0.0,"max":1.0,"group":"Tone"},)"
    R"({"id":"tone_freq","name":"Tone frequency","type":"float","value":220.0,"default":220.0,"min":20.0,"max":2000.0,"unit":"Hz","group":"Tone"})"
    R"(])";

constexpr char processorsJson[] = R"([{"id":"filter"}])";

char* duplicate (const char* text, std::size_t size) noexcept
{
    auto* copy = static_cast<char*> (std::malloc (size));

    if (copy != nullptr)
        std::memcpy (copy, text, size);

    return copy;
}

float clampValue (float value, float low, float high) noexcept
{
    // A NaN fails the first test and becomes `low`.
    if (! (value >= low))
        return low;

    return std::min (value, high);
}

//==========================================================================
/** The integrator state of one channel. */
struct SvfState
{
    double ic1eq = 0.0, ic2eq = 0.0;
};

/** One instance: the parameters as last applied, the coefficients derived
        from them, and per-channel state. Everything is fixed-size, so process
        never allocates.
    */
class FilterPlugin
{
public:
    /** [audio thread] Host-agnostic upper bound; the host passes 2. */
    static constexpr std::uint32_t maxChannels = 8;

    FilterPlugin() noexcept { updateCoefficients(); }

    void setSampleRate (float newSampleRate) noexcept
    {
        if (newSampleRate > 0.0f && std::isfinite (newSampleRate))
            sampleRate = newSampleRate;

        updateCoefficients();
    }

    void reset() noexcept
    {
        std::fill (std::begin (states), std::end (states), SvfState {});
        tonePhase = 0.0;
    }

    /** [audio thread] Cheap when nothing moved: the tan() and the
            divisions run only when cutoff or resonance actually changed.
        */
    void applyPlainValues (const float* values, std::size_t len) noexcept
    {
        if (values == nullptr)
            return;

        auto get = [&] (Parameter p, float current, float low, float high)
        {
            return len > static_cast<std::size_t> (p) ? clampValue (values[p], low, high) : current;
        };

        const auto newCutoff = get (paramCutoff, cutoff, 20.0f, 20000.0f);
        const auto newResonance = get (paramResonance, resonance, 0.0f, 1.0f);
        const auto newMode = get (paramMode, static_cast<float> (mode), 0.0f, 2.0f);

        mode = static_cast<Mode> (static_cast<int> (std::lround (newMode)));
        toneLevel = get (paramToneLevel, toneLevel, 0.0f, 1.0f);
        toneFreq = get (paramToneFreq, toneFreq, 20.0f, 2000.0f);

        if (newCutoff != cutoff || newResonance != resonance)
        {
            cutoff = newCutoff;
            resonance = newResonance;
            updateCoefficients();
        }
    }

    /** [audio thread] In place, deinterleaved. Channels beyond maxChannels
            pass through untouched.
        */
    void process (float** channels, std::uint32_t numChannels, std::uint32_t numSamples) noexcept
    {
        if (channels == nullptr)
            return;

        const auto phaseIncrement = static_cast<double> (toneFreq) / sampleRate;
        const auto level = static_cast<double> (toneLevel);
        const auto channelsToProcess = std::min (numChannels, maxChannels);
        const auto startPhase = tonePhase;

        for (std::uint32_t c = 0; c < channelsToProcess; ++c)
        {
            float* samples = channels[c];

            if (samples == nullptr)
                continue;

            auto& state = states[c];
            auto phase = startPhase;

            for (std::uint32_t i = 0; i < numSamples; ++i)
            {
                const auto v0 = static_cast<double> (samples[i]) + level * std::sin (2.0 * pi * phase);
                phase += phaseIncrement;
                phase -= std::floor (phase);

                const auto v3 = v0 - state.ic2eq;
                const auto v1 = a1 * state.ic1eq + a2 * v3;
                const auto v2 = state.ic2eq + a2 * state.ic1eq + a3 * v3;
                state.ic1eq = 2.0 * v1 - state.ic1eq;
                state.ic2eq = 2.0 * v2 - state.ic2eq;

                double out = v2;

                // k * v1 is the band pass normalised to unity gain at the
                // centre; the raw v1 peaks at Q (up to +20 dB).
                if (mode == Mode::bandPass)
                    out = k * v1;
                else if (mode == Mode::highPass)
                    out = v0 - k * v1 - v2;

                samples[i] = static_cast<float> (out);
            }

            // Silence decays into denormals, which are slow on x86; a state
            // this small is inaudible, so snap it to zero once per block.
            if (std::abs (state.ic1eq) < 1.0e-15)
                state.ic1eq = 0.0;

            if (std::abs (state.ic2eq) < 1.0e-15)
                state.ic2eq = 0.0;
        }

        // Every channel gets the same tone, so the phase advances once.
        tonePhase = startPhase + phaseIncrement * numSamples;
        tonePhase -= std::floor (tonePhase);
    }

private:
    void updateCoefficients() noexcept
    {
        // Keep the cutoff below Nyquist, where tan() blows up, whatever the rate.
        const auto fc = std::min (static_cast<double> (cutoff), 0.49 * sampleRate);
        const auto g = std::tan (pi * fc / sampleRate);

        // resonance 0 -> k = 2 (Q 0.5), 0.3 -> k = 1.43 (about Butterworth),
        // 1 -> k = 0.1 (Q 10): sharp, never self-oscillating, and the low
        // and high pass peaks stay within +20 dB.
        k = 2.0 - 1.9 * static_cast<double> (resonance);
        a1 = 1.0 / (1.0 + g * (g + k));
        a2 = g * a1;
        a3 = g * a2;
    }

    double sampleRate = 48000.0;
    float cutoff = 1000.0f, resonance = 0.3f, toneLevel = 0.1f, toneFreq = 220.0f;
    Mode mode = Mode::lowPass;

    double k = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0;
    SvfState states[maxChannels];
    double tonePhase = 0.0;
};

//==========================================================================
// The C trampolines: no exception may cross the ABI, hence nothrow and noexcept.
void* create() noexcept
{
    return new (std::nothrow) FilterPlugin();
}

void process (void* instance, float** channels, std::uint32_t numChannels, std::uint32_t numSamples) noexcept
{
    static_cast<FilterPlugin*> (instance)->process (channels, numChannels, numSamples);
}

void applyPlainValues (void* instance, const float* values, std::size_t len) noexcept
{
    static_cast<FilterPlugin*> (instance)->applyPlainValues (values, len);
}

void setSampleRate (void* instance, float sampleRate) noexcept
{
    static_cast<FilterPlugin*> (instance)->setSampleRate (sampleRate);
}

void reset (void* instance) noexcept
{
    static_cast<FilterPlugin*> (instance)->reset();
}

void drop (void* instance) noexcept
{
    delete static_cast<FilterPlugin*> (instance);
}
} // namespace

//==============================================================================
extern "C" {

WAVECRAFT_DEV_EXPORT WavecraftDevVTableV2 wavecraft_dev_create_processor (void)
{
    WavecraftDevVTableV2 table {};
    table.version = WAVECRAFT_DEV_VTABLE_VERSION_2;
    table.create = create;
    table.process = process;
    table.apply_plain_values = applyPlainValues;
    table.set_sample_rate = setSampleRate;
    table.reset = reset;
    table.drop = drop;
    return table;
}

WAVECRAFT_DEV_EXPORT char* wavecraft_get_params_json (void)
{
    return duplicate (paramsJson, sizeof (paramsJson));
}

WAVECRAFT_DEV_EXPORT char* wavecraft_get_processors_json (void)
{
    return duplicate (processorsJson, sizeof (processorsJson));
}

WAVECRAFT_DEV_EXPORT void wavecraft_free_string (char* text)
{
    std::free (text);
}

} // extern "C"
