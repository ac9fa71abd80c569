import XCTest
@testable import KafaeDomain

final class FarmAndRoleTests: XCTestCase {
    func testSeventySevenProvincesFoundByThaiEnglishAndOldSpellings() {
        XCTAssertEqual(Province.all.count, 77)
        XCTAssertEqual(Set(Province.all.map(\.nameEn)).count, 77)
        XCTAssertEqual(Set(Province.all.map(\.nameTh)).count, 77)
        for p in Province.all {
            XCTAssertEqual(Province.find(p.nameEn), p)
            XCTAssertEqual(Province.find(p.nameTh), p)
            XCTAssertEqual(Province.find(p.nameEn.uppercased()), p)
        }
        XCTAssertEqual(Province.find("chiang-mai")?.nameTh, "เชียงใหม่")
        XCTAssertEqual(Province.find("Chon Buri")?.nameEn, "Chonburi")
        XCTAssertEqual(Province.find("Si Sa Ket")?.nameEn, "Sisaket")
        XCTAssertEqual(Province.find("จังหวัดน่าน")?.nameEn, "Nan")
        XCTAssertEqual(Province.find("Ayutthaya")?.nameEn, "Phra Nakhon Si Ayutthaya")
        XCTAssertEqual(Province.find("Chumphon Province")?.nameEn, "Chumphon")
        XCTAssertNil(Province.find("Atlantis"))
        XCTAssertNil(Province.find(""))
    }

    func testFarmNormalization() throws {
        let out = try Farm.normalize(["name": .string(" Doi Pangkhon "), "province": .string("chiang rai"), "altitudeM": .number(1400)], prefix: "")
        XCTAssertEqual(out["name"], .string("Doi Pangkhon"))
        XCTAssertEqual(out["province"], .string("Chiang Rai"))
        XCTAssertEqual(out["country"], .string("TH"))
        XCTAssertEqual(Farm.derived(out)["provinceTh"], .string("เชียงราย"))

        let foreign = try Farm.normalize(["name": .string("Finca"), "country": .string("co"), "province": .string("Huila")], prefix: "")
        XCTAssertEqual(foreign["country"], .string("CO"))
        XCTAssertEqual(foreign["province"], .string("Huila"))
        XCTAssertTrue(Farm.derived(foreign).isEmpty)

        XCTAssertThrowsError(try Farm.normalize(["province": .string("Nan")], prefix: "fields.")) { error in
            let e = error as! KafaeError
            XCTAssertEqual(e.code, "request.invalid")
            XCTAssertEqual(e.details.map(\.field), ["fields.name"], "errors carry the caller's prefix")
        }
        for bad: [String: JSONValue] in [
            ["name": .string("x"), "altitudeM": .number(-1)],
            ["name": .string("x"), "altitudeM": .number(3000.5)],
            ["name": .string("x"), "latitude": .number(91), "longitude": .number(0)],
            ["name": .string("x"), "latitude": .number(0), "longitude": .number(-181)],
            ["name": .string("x"), "longitude": .number(100)],
            ["name": .string(String(repeating: "ก", count: 201))],
            ["name": .bool(true)],
        ] {
            XCTAssertThrowsError(try Farm.normalize(bad, prefix: ""), "\(bad)")
        }
        XCTAssertNoThrow(try Farm.normalize(["name": .string("x"), "altitudeM": .number(0), "latitude": .number(-90), "longitude": .number(180)], prefix: ""))
    }

    func testApplyingAChange() {
        let stored: [String: JSONValue] = ["name": .string("A"), "owner": .string("B")]
        let next = Farm.applying(["owner": .null, "district": .string("C")], to: stored)
        XCTAssertEqual(next, ["name": .string("A"), "district": .string("C")])
    }

    func testPermissionMatrix() {
        XCTAssertEqual(Role.owner.permissions, Set(Permission.allCases))
        XCTAssertFalse(Role.manager.can(.organizationManage))
        XCTAssertTrue(Role.manager.can(.membersManage))
        XCTAssertTrue(Role.field.can(.farmsWrite))
        XCTAssertFalse(Role.field.can(.cuppingWrite))
        XCTAssertTrue(Role.cupper.can(.cuppingWrite))
        XCTAssertFalse(Role.cupper.can(.farmsWrite))
        XCTAssertEqual(Role.viewer.permissions, [.recordsRead, .membersRead])
        for role in Role.allCases { XCTAssertTrue(role.can(.recordsRead), "\(role) reads records") }
        XCTAssertEqual(ApiKeyScope.read.permissions, [.recordsRead])
        XCTAssertFalse(ApiKeyScope.readWrite.permissions.contains(.membersManage))
        XCTAssertFalse(ApiKeyScope.readWrite.permissions.contains(.apiKeysManage))
    }

    func testJSONValueRoundTripKeepsBooleansAndNumbersApart() throws {
        let v = try JSONValue.parse(Data(#"{"a":true,"b":1,"c":1.5,"d":null,"e":["x"],"f":"ก"}"#.utf8))
        XCTAssertEqual(v.objectValue?["a"], .bool(true))
        XCTAssertEqual(v.objectValue?["b"], .number(1))
        XCTAssertEqual(v.objectValue?["d"], .null)
        XCTAssertEqual(try JSONValue.parse(Data(v.jsonString().utf8)), v)
        XCTAssertThrowsError(try JSONValue.parse(Data("{".utf8)))
    }
}
import Foundation
