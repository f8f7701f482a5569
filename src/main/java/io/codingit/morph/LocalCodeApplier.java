package io.codingit.morph;

/** {@link CodeApplier} over the local engine; the instruction is not needed to place a snippet. */
public final class LocalCodeApplier implements CodeApplier {

    private final LazyEditEngine engine = new LazyEditEngine();

    @Override
    public String apply(String instruction, String original, String update) throws EditNotPlaceableException {
        return engine.apply(original, update).merged();
    }

    @Override
    public String engine() {
        return "local";
    }
}
