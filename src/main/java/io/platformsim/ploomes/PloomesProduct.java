package io.platformsim.ploomes;

import java.math.BigDecimal;
import java.time.Instant;

/** One product of the simulated account (mutable, guarded by the catalogue's lock). */
final class PloomesProduct {

    long id;
    String name;
    String code;
    BigDecimal unitPrice;
    long groupId;
    long familyId;
    String measurementUnit;
    String imageUrl;
    boolean suspended;
    long creatorId;
    long updaterId;
    Instant createDate;
    Instant lastUpdateDate;
    String ncm;
    BigDecimal weight;
    BigDecimal costPrice;
}
