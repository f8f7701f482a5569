package io.codingit.morph;

/** {@link CodeApplier} over the local engine; the instruction is not needed to place a snippet. */
public final class LocalCodeApplier implements CodeApplier {

    public static final String ENGINE = "local";

    private final LazyEditEngine engine = new LazyEditEngine();
    private final EditLimits limits;

    public LocalCodeApplier(EditLimits limits) {
        this.limits = limits;
    }

    @Override
    public AppliedEdit apply(String instruction, String original, String update) {
        limits.check(original, update);
        return new AppliedEdit(engine.apply(original, update).merged(), ENGINE);
    }

    @Override
    public String engine() {
        return ENGINE;
    }
}
